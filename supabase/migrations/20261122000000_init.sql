-- Switchboard schema. Runs unchanged on PGlite, plain PostgreSQL 15+ and Supabase.

-- Supabase provides the auth schema, auth.uid() and the client-facing roles. Elsewhere we
-- provide the same small shim so the row-level security policies below run everywhere.
create schema if not exists auth;

do $$
begin
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'uid'
  ) then
    create function auth.uid() returns uuid language sql stable as
      $f$ select nullif(current_setting('request.jwt.claims', true)::json ->> 'sub', '')::uuid $f$;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin;
  end if;
end
$$;

grant usage on schema auth to anon, authenticated;
grant usage on schema public to anon, authenticated;

-- People. In Supabase mode the id is the auth.users id and password_hash stays null.
create table public.users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  password_hash text,
  created_at timestamptz not null default now()
);
create unique index users_email_key on public.users (lower(email));

-- Local sign-in sessions: only a SHA-256 of the random token is kept.
create table public.sessions (
  token_hash text primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user_idx on public.sessions (user_id);

-- Failed sign-in attempts, for the lockout window.
create table public.sign_in_failures (
  email text not null,
  failed_at timestamptz not null default now()
);
create index sign_in_failures_email_idx on public.sign_in_failures (lower(email), failed_at);

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
  name text not null check (length(name) between 1 and 80),
  created_at timestamptz not null default now()
);

create table public.memberships (
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'member')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user_idx on public.memberships (user_id);

-- One row per org, provider and credential name. Status and what the last check said are
-- plain columns so every page renders from one query, without calling a provider.
create table public.integrations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  provider text not null check (provider ~ '^[a-z0-9_]{2,40}$'),
  name text not null check (length(name) between 1 and 80),
  is_default boolean not null default true,
  status text not null check (status in ('VALID', 'INVALID', 'PENDING', 'NOT_CONFIGURED')),
  configured_at timestamptz,
  last_checked_at timestamptz,
  check_outcome text check (check_outcome in ('valid', 'invalid', 'valid_but_insufficient', 'rate_limited', 'provider_outage', 'unknown', 'unverified')),
  check_reason text,
  account_label text,
  details jsonb not null default '{}'::jsonb,
  fingerprint text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, provider, name)
);
create unique index integrations_one_default on public.integrations (org_id, provider) where is_default;

-- Sealed credentials. Ciphertext and key version only; no client-facing role can read it.
create table public.integration_secrets (
  integration_id uuid primary key references public.integrations (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  key_version integer not null,
  iv bytea not null,
  ciphertext bytea not null,
  auth_tag bytea not null,
  created_at timestamptz not null default now()
);

-- Per-org data keys, stored only wrapped by the key-encryption key named in kek_id.
create table public.org_keys (
  org_id uuid not null references public.organizations (id) on delete cascade,
  version integer not null,
  kek_id text not null,
  wrapped_key bytea not null,
  created_at timestamptz not null default now(),
  rewrapped_at timestamptz,
  primary key (org_id, version)
);

-- Append-only record of every access to a secret.
create table public.audit_events (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  actor_user_id uuid,
  action text not null,
  provider text,
  integration_id uuid,
  outcome text not null,
  ip text,
  user_agent text,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index audit_events_org_idx on public.audit_events (org_id, id desc);

create function public.audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only';
end
$$;
create trigger audit_events_no_update before update or delete on public.audit_events
  for each row execute function public.audit_events_append_only();

-- Membership checks for policies. Security definer so policies on memberships do not recurse.
create function public.is_org_member(target uuid) returns boolean
  language sql stable security definer set search_path = public as
  $$ select exists (select 1 from public.memberships m where m.org_id = target and m.user_id = auth.uid()) $$;

create function public.is_org_admin(target uuid) returns boolean
  language sql stable security definer set search_path = public as
  $$ select exists (select 1 from public.memberships m where m.org_id = target and m.user_id = auth.uid() and m.role in ('owner', 'admin')) $$;

alter table public.users enable row level security;
alter table public.sessions enable row level security;
alter table public.sign_in_failures enable row level security;
alter table public.organizations enable row level security;
alter table public.memberships enable row level security;
alter table public.integrations enable row level security;
alter table public.integration_secrets enable row level security;
alter table public.org_keys enable row level security;
alter table public.audit_events enable row level security;

-- Supabase grants everything on new public tables to its client roles by default: take it back,
-- then grant only reads that the policies below filter.
revoke all on public.users, public.sessions, public.sign_in_failures, public.organizations,
  public.memberships, public.integrations, public.integration_secrets, public.org_keys,
  public.audit_events from anon, authenticated;
grant select on public.users, public.organizations, public.memberships, public.integrations,
  public.audit_events to authenticated;

create policy users_self on public.users for select to authenticated using (id = auth.uid());
create policy organizations_members on public.organizations for select to authenticated using (public.is_org_member(id));
create policy memberships_members on public.memberships for select to authenticated using (public.is_org_member(org_id));
create policy integrations_members on public.integrations for select to authenticated using (public.is_org_member(org_id));
create policy audit_events_admins on public.audit_events for select to authenticated using (public.is_org_admin(org_id));
-- integration_secrets, org_keys, sessions and sign_in_failures have no policy and no grant:
-- unreadable to every client-facing role.
