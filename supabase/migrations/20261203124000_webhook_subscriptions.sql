-- Outgoing webhooks (lib/webhooks/): an org's admins subscribe a URL to event types; every
-- matching org event is written to an outbox in the transaction that appends the event, and a
-- worker on every instance delivers it, signed per Standard Webhooks, on a retry schedule.

create table public.webhook_subscriptions (
  id uuid primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  url text not null check (length(url) between 9 and 2000 and url ~ '^https://'),
  event_types text[] not null check (cardinality(event_types) between 1 and 50),
  -- The signing secret, sealed under the org's data key (lib/vault); its version moves on with
  -- every rotation and is bound into the AAD, so a replaced ciphertext cannot be put back.
  secret_version integer not null check (secret_version > 0),
  secret_key_version integer not null,
  secret_iv bytea not null,
  secret_ciphertext bytea not null,
  secret_auth_tag bytea not null,
  -- Last four characters, to tell secrets apart on the page.
  secret_fingerprint text not null check (length(secret_fingerprint) <= 12),
  -- The secret a rotation replaced: it keeps signing next to the new one until previous_expires_at.
  previous_secret_version integer,
  previous_key_version integer,
  previous_iv bytea,
  previous_ciphertext bytea,
  previous_auth_tag bytea,
  previous_fingerprint text check (length(previous_fingerprint) <= 12),
  previous_expires_at timestamptz,
  disabled_at timestamptz,
  disabled_reason text check (length(disabled_reason) <= 300),
  -- Start of the current run of failed attempts; a success clears it. Five days of it disables.
  failing_since timestamptz,
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  check ((disabled_at is null) = (disabled_reason is null)),
  check ((previous_expires_at is null) = (previous_ciphertext is null))
);
create index webhook_subscriptions_org_idx on public.webhook_subscriptions (org_id, created_at);

-- The outbox. Its id is the webhook-id header: constant across retries and replays, for receivers to deduplicate.
create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  subscription_id uuid not null references public.webhook_subscriptions (id) on delete cascade,
  event_type text not null check (event_type ~ '^[a-z_]{2,40}\.[a-z_]{2,40}$'),
  payload jsonb not null check (jsonb_typeof(payload) = 'object' and pg_column_size(payload) <= 8000),
  -- Attempts in the current schedule (a replay starts a new one; webhook_attempts keeps them all).
  attempts integer not null default 0,
  -- While an attempt is in flight this is pushed past the attempt's timeout: the lease.
  next_attempt_at timestamptz not null default now(),
  delivered_at timestamptz,
  failed_at timestamptz,
  last_status integer,
  created_at timestamptz not null default now()
);
create index webhook_deliveries_due_idx on public.webhook_deliveries (next_attempt_at) where delivered_at is null and failed_at is null;
create index webhook_deliveries_subscription_idx on public.webhook_deliveries (subscription_id, created_at desc);

create table public.webhook_attempts (
  id bigint generated always as identity primary key,
  delivery_id uuid not null references public.webhook_deliveries (id) on delete cascade,
  subscription_id uuid not null references public.webhook_subscriptions (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  attempted_at timestamptz not null default now(),
  -- Null when no answer came (timeout, refused connection, SSRF guard).
  status integer,
  latency_ms integer not null check (latency_ms >= 0),
  -- The first bytes of the answer, as text; receivers' answers are theirs, never our secrets.
  response_excerpt text check (length(response_excerpt) <= 512),
  error text check (length(error) <= 300),
  next_attempt_at timestamptz
);
create index webhook_attempts_subscription_idx on public.webhook_attempts (subscription_id, id desc);

alter table public.webhook_subscriptions enable row level security;
alter table public.webhook_deliveries enable row level security;
alter table public.webhook_attempts enable row level security;
revoke all on public.webhook_subscriptions, public.webhook_deliveries, public.webhook_attempts from anon, authenticated;
-- Admins read their org's subscriptions, never the sealed secrets; every write goes through the server's connection.
grant select (id, org_id, url, event_types, secret_version, secret_fingerprint, previous_fingerprint, previous_expires_at,
  disabled_at, disabled_reason, failing_since, created_by, created_at) on public.webhook_subscriptions to authenticated;
grant select on public.webhook_deliveries, public.webhook_attempts to authenticated;
create policy webhook_subscriptions_admins on public.webhook_subscriptions for select to authenticated
  using (org_id in (select public.admin_org_ids()));
create policy webhook_deliveries_admins on public.webhook_deliveries for select to authenticated
  using (org_id in (select public.admin_org_ids()));
create policy webhook_attempts_admins on public.webhook_attempts for select to authenticated
  using (org_id in (select public.admin_org_ids()));
