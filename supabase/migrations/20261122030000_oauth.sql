-- OAuth through Nango. Nango holds the tokens; Switchboard keeps only which connection a row is,
-- so an OAuth integration has a row here and nothing in integration_secrets.
alter table public.integrations
  add column auth_type text not null default 'api_key' check (auth_type in ('api_key', 'oauth')),
  add column nango_integration text,
  add column nango_connection_id text,
  add constraint integrations_oauth_connection check (
    (auth_type = 'oauth') = (nango_connection_id is not null and nango_integration is not null)
  );

-- One row per Nango connection: webhooks find their row by it.
create unique index integrations_nango_connection
  on public.integrations (nango_integration, nango_connection_id) where nango_connection_id is not null;

-- Nango's auth webhooks carry no event id or timestamp, so a delivery is known by the SHA-256 of its
-- signed body. A retry or a replayed capture of the same body is recorded once and then ignored.
-- Starting a reconnect clears a connection's entries, since its next webhook may repeat an old body.
create table public.nango_webhook_deliveries (
  body_sha256 text primary key,
  connection_id text,
  operation text,
  received_at timestamptz not null default now()
);
create index nango_webhook_deliveries_connection_idx on public.nango_webhook_deliveries (connection_id);

-- Server-side bookkeeping only: no client-facing role may read or write it.
alter table public.nango_webhook_deliveries enable row level security;
revoke all on public.nango_webhook_deliveries from anon, authenticated;
