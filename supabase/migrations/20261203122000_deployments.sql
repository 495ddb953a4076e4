-- Deployments (lib/deployments/): one row per deployment of any kind (Vercel, RunPod serverless),
-- one state machine, and an append-only list of what happened to it (state changes and build log
-- lines). A follower (lib/deployments/worker.ts) reads the provider and appends here; browsers
-- read it back over Server-Sent Events.

create table public.deployments (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  kind text not null check (kind in ('vercel', 'runpod')),
  -- What a person calls it (the Vercel project, the RunPod endpoint): shown, never a secret.
  name text not null check (length(name) between 1 and 80 and name !~ '[[:cntrl:]]'),
  -- The one state machine of every kind: queued -> building -> ready | error | canceled.
  state text not null default 'queued' check (state in ('queued', 'building', 'ready', 'error', 'canceled')),
  -- The provider's own word for it (BUILDING, INITIALIZING, throttled, ...), for display only.
  provider_state text check (length(provider_state) <= 40),
  started_by uuid references public.users (id) on delete set null,
  -- The credential that talks to the provider (the org's Vercel or RunPod key) ...
  integration_id uuid references public.integrations (id) on delete set null,
  -- ... and the credentials whose values went into it: [{integrationId, provider, name, fingerprint}].
  credentials jsonb not null default '[]'::jsonb check (jsonb_typeof(credentials) = 'array'),
  -- Provider ids (Vercel deployment and project ids, team id; RunPod endpoint id, ...).
  provider_ref jsonb not null default '{}'::jsonb check (jsonb_typeof(provider_ref) = 'object'),
  -- Where following stands: enough to resume after a restart (Vercel: the last event's time).
  cursor jsonb not null default '{}'::jsonb check (jsonb_typeof(cursor) = 'object'),
  target text check (length(target) <= 40),
  url text check (length(url) <= 500),
  -- Why it failed, in a sentence (masked like log lines).
  error text check (length(error) <= 1000),
  -- The per-deployment event counter: taking the next seq locks this row until commit, so seqs
  -- commit in order and a reader's "seq > last seen" misses nothing (as event_counters does).
  last_seq bigint not null default 0,
  -- Following: null until the follower has read everything there is (after the last log line).
  followed_at timestamptz,
  -- When the next follower step is due (a provider that is polled says when to ask again).
  next_step_at timestamptz not null default now(),
  -- The follower lease: exactly one instance follows a deployment; database time decides expiry,
  -- so a dead instance's lease lapses and another takes over. Every step's write checks it.
  lease_holder text,
  lease_expires_at timestamptz,
  -- Consecutive failed steps (provider down, token revoked): following backs off, then gives up.
  failures integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  check ((state in ('ready', 'error', 'canceled')) = (finished_at is not null))
);
create index deployments_org_idx on public.deployments (org_id, created_at desc);
create index deployments_due_idx on public.deployments (next_step_at) where followed_at is null;

create table public.deployment_events (
  deployment_id uuid not null references public.deployments (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  seq bigint not null check (seq > 0),
  type text not null check (type in ('state', 'log')),
  -- state events: the new state; log events: null.
  state text check (state in ('queued', 'building', 'ready', 'error', 'canceled')),
  -- info, warning or error (stderr); shown as a word, not only a colour.
  level text not null default 'info' check (level in ('info', 'warning', 'error')),
  -- A log line, or a state change's sentence; masked of every stored secret value before insert.
  text text not null check (length(text) <= 4000),
  -- When the provider says it happened (its own clock), else null.
  provider_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (deployment_id, seq),
  check ((type = 'state') = (state is not null))
);

-- Nobody edits or removes a deployment event; deleting its deployment or org takes them along.
create function public.deployment_events_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and not exists (select 1 from public.deployments d where d.id = old.deployment_id) then
    return old;
  end if;
  raise exception 'deployment_events is append-only';
end
$$;
create trigger deployment_events_no_update before update or delete on public.deployment_events
  for each row execute function public.deployment_events_append_only();

alter table public.deployments enable row level security;
alter table public.deployment_events enable row level security;
revoke all on public.deployments, public.deployment_events from anon, authenticated;
-- Members may watch deployments; every write goes through the server's own connection.
grant select (id, org_id, kind, name, state, provider_state, started_by, integration_id, credentials, target, url, error,
  last_seq, followed_at, created_at, updated_at, finished_at) on public.deployments to authenticated;
grant select on public.deployment_events to authenticated;
create policy deployments_members on public.deployments for select to authenticated
  using (org_id in (select public.member_org_ids()));
create policy deployment_events_members on public.deployment_events for select to authenticated
  using (org_id in (select public.member_org_ids()));
