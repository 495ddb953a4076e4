-- Credential requests (lib/requests/): something that needs a key asks for it, admins see it, and
-- the requester learns the outcome. One row per provider: a request for several providers is a
-- group of rows sharing group_id, so each one coalesces, expires and is fulfilled on its own.

-- Org API keys may carry the new 'request' scope: file, read and cancel their own requests.
alter table public.api_keys drop constraint if exists api_keys_scopes_check;
alter table public.api_keys add constraint api_keys_scopes_check
  check (cardinality(scopes) > 0 and scopes <@ array['read', 'write', 'export', 'request']::text[]);

create table public.credential_requests (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  group_id uuid,
  provider text not null check (provider ~ '^[a-z0-9_]{2,40}$'),
  -- One sentence shown to the approver; no control characters (checked here as well as in zod).
  reason text not null check (length(reason) between 3 and 280 and reason !~ '[[:cntrl:]]'),
  -- 'agent' is reserved for the agents issue, which plugs into this same object.
  requester_type text not null check (requester_type in ('user', 'api_key', 'agent')),
  requester_user_id uuid references public.users (id) on delete set null,
  requester_key_id uuid references public.api_keys (id) on delete set null,
  -- Who asks, as the coalescing key ('user:<id>', 'api_key:<id>'); it outlives the user or key row.
  requester text not null check (requester ~ '^(user|api_key|agent):[0-9a-f-]{36}$'),
  -- How the approver sees the requester (an email, or a key's name and prefix), kept as it was.
  requester_label text not null check (length(requester_label) between 1 and 200),
  context_label text check (length(context_label) between 1 and 80 and context_label !~ '[[:cntrl:]]'),
  env_names text[] not null default '{}' check (cardinality(env_names) <= 20),
  state text not null default 'pending' check (state in ('pending', 'fulfilled', 'declined', 'expired', 'canceled')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  resolved_at timestamptz,
  resolved_by uuid references public.users (id) on delete set null,
  credential_id uuid references public.integrations (id) on delete set null,
  credential_name text,
  callback_url text check (length(callback_url) <= 2000),
  -- The callback's Standard Webhooks signing secret, sealed under the org's data key (lib/vault).
  hook_key_version integer,
  hook_iv bytea,
  hook_ciphertext bytea,
  hook_auth_tag bytea,
  check (expires_at > created_at and expires_at <= created_at + interval '7 days 1 minute'),
  check ((state = 'pending') = (resolved_at is null)),
  check (state <> 'fulfilled' or credential_name is not null)
);

-- The coalescing rule itself: at most one pending request per requester and provider in an org.
create unique index credential_requests_one_pending on public.credential_requests (org_id, requester, provider) where state = 'pending';
create index credential_requests_org_idx on public.credential_requests (org_id, created_at desc);
create index credential_requests_requester_idx on public.credential_requests (requester, created_at);
create index credential_requests_due_idx on public.credential_requests (expires_at) where state = 'pending';

-- Signed callbacks waiting to be delivered: written in the transaction that resolves the request,
-- so a restart between the resolution and the delivery loses nothing; the sender and the
-- scheduler retry what is due.
create table public.request_webhooks (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null unique references public.credential_requests (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  payload jsonb not null,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  failed_at timestamptz,
  created_at timestamptz not null default now()
);
create index request_webhooks_due_idx on public.request_webhooks (next_attempt_at) where delivered_at is null and failed_at is null;

alter table public.credential_requests enable row level security;
alter table public.request_webhooks enable row level security;
revoke all on public.credential_requests, public.request_webhooks from anon, authenticated;
-- Admins read their org's requests; a person reads their own. Never the sealed signing secret.
grant select (id, org_id, group_id, provider, reason, requester_type, requester_user_id, requester_key_id, requester_label,
  context_label, env_names, state, created_at, expires_at, resolved_at, resolved_by, credential_id, credential_name)
  on public.credential_requests to authenticated;
create policy credential_requests_read on public.credential_requests for select to authenticated
  using (org_id in (select public.admin_org_ids())
         or (requester_user_id = (select auth.uid()) and org_id in (select public.member_org_ids())));
-- request_webhooks has no policy and no grant: server-side bookkeeping only.
