-- Org API keys for the REST API (/api/v1) and `switchboard pull`.
-- A key reads sbk_<prefix>_<secret>. Only a SHA-256 of the secret is kept: the secret is 32 random
-- bytes, so a plain hash cannot be brute-forced and a leaked table cannot be replayed.
create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 80),
  -- Public, unique part of the key: finds the row in one index lookup; shown in lists and audit.
  prefix text not null unique check (prefix ~ '^[a-z0-9]{8}$'),
  secret_hash text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] not null check (cardinality(scopes) > 0 and scopes <@ array['read', 'write', 'export']::text[]),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_org_idx on public.api_keys (org_id, created_at desc);

-- Per-key request counter for one fixed window. One row per key, rewritten in place, so the limit
-- holds across any number of stateless app instances and the table never grows.
create table public.api_key_usage (
  key_id uuid primary key references public.api_keys (id) on delete cascade,
  window_start timestamptz not null,
  count integer not null check (count >= 0)
);

alter table public.api_keys enable row level security;
alter table public.api_key_usage enable row level security;

revoke all on public.api_keys, public.api_key_usage from anon, authenticated;
-- Admins may list their org's keys, but never read the hash: a column grant without secret_hash.
grant select (id, org_id, name, prefix, scopes, created_by, created_at, last_used_at, expires_at, revoked_at)
  on public.api_keys to authenticated;
create policy api_keys_admins on public.api_keys for select to authenticated using (public.is_org_admin(org_id));
-- api_key_usage has no policy and no grant: server-side bookkeeping only.
