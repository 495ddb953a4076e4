-- What Switchboard last wrote into a Vercel project's env (lib/deployments/vercel/env-sync.ts):
-- which credential, at which secret version, and Vercel's updatedAt of the variable afterwards.
-- Vercel never returns a sensitive value, so this is how a second sync knows a variable is
-- unchanged (same credential version, nobody edited it in Vercel since) without reading values.
create table public.vercel_env_syncs (
  org_id uuid not null references public.organizations (id) on delete cascade,
  project_id text not null check (length(project_id) <= 100),
  env_id text not null check (length(env_id) <= 100),
  key text not null check (key ~ '^[A-Za-z_][A-Za-z0-9_]{0,255}$'),
  integration_id uuid references public.integrations (id) on delete set null,
  secret_version integer not null,
  vercel_updated_at bigint,
  synced_by uuid references public.users (id) on delete set null,
  synced_at timestamptz not null default now(),
  primary key (org_id, project_id, env_id)
);

alter table public.vercel_env_syncs enable row level security;
revoke all on public.vercel_env_syncs from anon, authenticated;
-- No policy and no grant: server-side bookkeeping only.
