-- Agents (lib/agents/): org-scoped identities that call providers through Switchboard without
-- holding the keys. An agent's token reads sba_<prefix>_<secret>; as with org API keys only a
-- SHA-256 of the 32 random bytes is kept, so a leaked table cannot be replayed.
create table public.agents (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 80 and name !~ '[[:cntrl:]]'),
  description text check (length(description) <= 280 and description !~ '[[:cntrl:]]'),
  prefix text not null unique check (prefix ~ '^[a-z0-9]{8}$'),
  secret_hash text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
  -- Source addresses the token is accepted from; empty means any.
  allowed_cidrs cidr[] not null default '{}' check (cardinality(allowed_cidrs) <= 20),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  last_used_ip text
);
create index agents_org_idx on public.agents (org_id, created_at desc);
-- Names are how people and the audit trail tell agents apart: unique among an org's live agents.
create unique index agents_live_name on public.agents (org_id, lower(name)) where revoked_at is null;

-- A grant gives one agent one integration: a named credential, or (integration_id null) whatever
-- credential is the provider's default at the moment of use, so a grant can exist before the key.
create table public.agent_grants (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  agent_id uuid not null references public.agents (id) on delete cascade,
  provider text not null check (provider ~ '^[a-z0-9_]{2,40}$'),
  integration_id uuid references public.integrations (id) on delete cascade,
  operations text[] not null check (cardinality(operations) > 0 and operations <@ array['proxy', 'reveal', 'env']::text[]),
  -- For proxy: rules of methods and path patterns ("*" one segment, "**" the rest), checked in
  -- lib/agents/paths.ts: [{"methods": ["GET"], "paths": ["/v1/models/**"]}, ...].
  proxy_rules jsonb not null default '[]' check (jsonb_typeof(proxy_rules) = 'array' and jsonb_array_length(proxy_rules) <= 20),
  preset text check (preset ~ '^[a-z0-9-]{1,40}$'),
  -- For a derived reveal (AWS): the role to assume, and how long the derived credential lasts.
  aws_role_arn text check (aws_role_arn ~ '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$'),
  reveal_seconds integer not null default 900 check (reveal_seconds between 900 and 43200),
  rate_per_minute integer not null default 60 check (rate_per_minute between 1 and 10000),
  max_uses integer check (max_uses > 0),
  uses integer not null default 0 check (uses >= 0 and (max_uses is null or uses <= max_uses)),
  expires_at timestamptz,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index agent_grants_agent_idx on public.agent_grants (agent_id, provider) where revoked_at is null;
-- One live grant per agent and integration (the default of a provider counts as one integration).
create unique index agent_grants_one_live on public.agent_grants
  (agent_id, provider, coalesce(integration_id, '00000000-0000-0000-0000-000000000000'::uuid)) where revoked_at is null;

-- The audit trail names its actor's kind: a person, an org API key, an agent (with its name as it
-- was), or Switchboard itself. Rows from before stay null and are read by their other columns.
alter table public.audit_events add column actor_type text check (actor_type in ('user', 'api_key', 'agent', 'system'));
alter table public.audit_events add column actor_agent_id uuid;
alter table public.audit_events add column actor_name text check (length(actor_name) <= 200);
-- An agent's usage log is its audit rows, newest first.
create index audit_events_agent_idx on public.audit_events (actor_agent_id, id desc) where actor_agent_id is not null;

-- Credential requests may now be filed by an agent (reserved in 20261203093500).
alter table public.credential_requests add column requester_agent_id uuid references public.agents (id) on delete set null;

alter table public.agents enable row level security;
alter table public.agent_grants enable row level security;
revoke all on public.agents, public.agent_grants from anon, authenticated;
-- Admins list their org's agents and grants, never the token hash.
grant select (id, org_id, name, description, prefix, allowed_cidrs, created_by, created_at, expires_at, revoked_at, last_used_at, last_used_ip)
  on public.agents to authenticated;
grant select on public.agent_grants to authenticated;
create policy agents_admins on public.agents for select to authenticated using (org_id in (select public.admin_org_ids()));
create policy agent_grants_admins on public.agent_grants for select to authenticated using (org_id in (select public.admin_org_ids()));
grant select (requester_agent_id) on public.credential_requests to authenticated;
