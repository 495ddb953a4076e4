-- Inbound webhook endpoints (lib/webhooks/inbound/): a provider (Stripe, GitHub, or anything that
-- signs with HMAC-SHA256 or Standard Webhooks) posts to /api/hooks/<token>; each endpoint belongs
-- to one org and one stored credential, and every delivery, verified or refused, is kept here.

create table public.inbound_endpoints (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  -- The credential it belongs to; deleting the credential deletes its endpoints and deliveries.
  integration_id uuid not null references public.integrations (id) on delete cascade,
  provider text not null check (provider ~ '^[a-z0-9_]{2,40}$'),
  scheme text not null check (scheme in ('stripe', 'github', 'hmac_sha256', 'standard_webhooks')),
  name text not null check (length(name) between 1 and 80 and name !~ '[[:cntrl:]]'),
  -- The URL's last segment: 32 random bytes, base64url. It routes; the signature authenticates.
  token text not null unique check (token ~ '^[A-Za-z0-9_-]{43}$'),
  -- Generic HMAC only: where the signature arrives, how it is encoded, and where a delivery id is.
  signature_header text check (signature_header ~ '^[a-z0-9-]{1,64}$'),
  signature_encoding text check (signature_encoding in ('hex', 'base64')),
  id_header text check (id_header ~ '^[a-z0-9-]{1,64}$'),
  check ((scheme = 'hmac_sha256') = (signature_header is not null and signature_encoding is not null)),
  -- A generated signing secret (GitHub, Standard Webhooks, generic HMAC), sealed under the org's
  -- data key with the endpoint and its credential in the AAD. Stripe endpoints keep none here:
  -- they verify with the credential's own webhook signing secret field.
  secret_key_version integer,
  secret_iv bytea,
  secret_ciphertext bytea,
  secret_auth_tag bytea,
  check ((scheme = 'stripe') = (secret_ciphertext is null)),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index inbound_endpoints_org_idx on public.inbound_endpoints (org_id, created_at);
create index inbound_endpoints_integration_idx on public.inbound_endpoints (integration_id);

-- One row per request to an endpoint. Verified ones carry the body and the headers (never a
-- signature or a secret); refused ones only why, and are pruned to the latest few per endpoint.
create table public.inbound_deliveries (
  id uuid primary key default gen_random_uuid(),
  endpoint_id uuid not null references public.inbound_endpoints (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  verified boolean not null,
  -- The provider's event or delivery id (Stripe's event id, X-GitHub-Delivery, webhook-id).
  external_id text check (length(external_id) between 1 and 200),
  event_type text check (event_type ~ '^[A-Za-z0-9_.:/-]{1,100}$'),
  refusal text check (refusal in ('bad_signature', 'stale', 'no_signature', 'no_secret', 'too_large', 'malformed')),
  refusal_detail text check (length(refusal_detail) <= 300),
  headers jsonb not null default '{}'::jsonb,
  -- bytea, not text: a body may hold a NUL, which text refuses.
  body bytea,
  body_bytes integer not null default 0,
  received_at timestamptz not null default now(),
  check (verified = (refusal is null)),
  check (not verified or (external_id is not null and body is not null)),
  check (verified or body is null)
);
-- The de-duplication itself: a provider's retry of one event is stored once, however many arrive at once.
create unique index inbound_deliveries_once on public.inbound_deliveries (endpoint_id, external_id) where verified;
create index inbound_deliveries_recent_idx on public.inbound_deliveries (endpoint_id, received_at desc);

alter table public.inbound_endpoints enable row level security;
alter table public.inbound_deliveries enable row level security;
revoke all on public.inbound_endpoints, public.inbound_deliveries from anon, authenticated;
-- Admins read their org's endpoints and deliveries: never the sealed secret, never a body.
grant select (id, org_id, integration_id, provider, scheme, name, token, signature_header, signature_encoding, id_header, created_by, created_at)
  on public.inbound_endpoints to authenticated;
grant select (id, endpoint_id, org_id, verified, external_id, event_type, refusal, refusal_detail, body_bytes, received_at)
  on public.inbound_deliveries to authenticated;
create policy inbound_endpoints_admins on public.inbound_endpoints for select to authenticated
  using (org_id in (select public.admin_org_ids()));
create policy inbound_deliveries_admins on public.inbound_deliveries for select to authenticated
  using (org_id in (select public.admin_org_ids()));
