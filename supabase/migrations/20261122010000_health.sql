-- Health over time: every validation leaves a history row, a key that stops working leaves one
-- open notification, and the scheduler coordinates instances through a lease row.

-- One row per provider call (setup, manual re-validate, scheduled). provider is copied from the
-- integration so the scheduler can back off a provider that is down across every org at once.
create table public.integration_checks (
  id bigint generated always as identity primary key,
  integration_id uuid not null references public.integrations (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  provider text not null,
  checked_at timestamptz not null default now(),
  outcome text not null check (outcome in ('valid', 'invalid', 'valid_but_insufficient', 'rate_limited', 'provider_outage', 'unknown', 'unverified')),
  latency_ms integer check (latency_ms >= 0),
  reason text,
  http_status integer,
  source text not null check (source in ('setup', 'manual', 'scheduler'))
);
create index integration_checks_integration_idx on public.integration_checks (integration_id, checked_at desc);
create index integration_checks_provider_idx on public.integration_checks (provider, checked_at desc);

-- Something an admin should see until someone acts on it. integration_id is null for kinds that
-- are not about one credential; deleting the credential takes its notifications with it.
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  integration_id uuid references public.integrations (id) on delete cascade,
  kind text not null check (kind ~ '^[a-z_]{2,40}$'),
  message text not null check (length(message) <= 1000),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid references public.users (id) on delete set null
);
-- At most one open notification per credential and kind: a key failing on every run raises one.
create unique index notifications_one_open on public.notifications (integration_id, kind) where resolved_at is null;
create index notifications_org_open_idx on public.notifications (org_id, created_at desc) where resolved_at is null;

-- The validation rate limit counts people's attempts in a sliding window (lib/integrations/rate-limit.ts).
create index audit_events_validation_actor_idx on public.audit_events (actor_user_id, created_at)
  where actor_user_id is not null and action in ('integration.validate', 'integration.store');
create index audit_events_validation_org_idx on public.audit_events (org_id, created_at)
  where actor_user_id is not null and action in ('integration.validate', 'integration.store');

-- A run of the scheduler holds this lease so that overlapping cron calls or instances do not
-- check the same credentials twice. It expires on its own if a run dies.
create table public.scheduler_leases (
  name text primary key,
  holder text not null,
  expires_at timestamptz not null
);

alter table public.integration_checks enable row level security;
alter table public.notifications enable row level security;
alter table public.scheduler_leases enable row level security;

-- Reads only, filtered by the policies; every write goes through the server's own connection.
revoke all on public.integration_checks, public.notifications, public.scheduler_leases from anon, authenticated;
grant select on public.integration_checks, public.notifications to authenticated;

create policy integration_checks_members on public.integration_checks for select to authenticated using (public.is_org_member(org_id));
create policy notifications_members on public.notifications for select to authenticated using (public.is_org_member(org_id));
