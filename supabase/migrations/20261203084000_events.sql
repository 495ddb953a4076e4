-- One live event stream per org: every change a person would want to see without reloading is
-- written here, in the same transaction as the change, and streamed to browsers (lib/events/).
-- Append-only; data never carries a secret (lib/events/types.ts checks every payload's shape).

-- Why a counter row per org and not one global identity column: an identity (or sequence) value
-- is taken when a transaction inserts, not when it commits, so id 7 can commit after id 8. A
-- reader catching up with "id > last seen" that saw 8 first would then never read 7. Taking the
-- next id from this row (insert ... on conflict do update) row-locks it until the writer commits,
-- so writers in one org queue here and their ids commit in id order: whatever a reader sees is
-- always ids 1..N of its org with no hole, and "id > last seen" misses nothing. Writers in
-- different orgs do not wait for each other. A rolled-back writer rolls its increment back too,
-- so ids are also gapless.
create table public.event_counters (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  last_id bigint not null
);

create table public.events (
  org_id uuid not null references public.organizations (id) on delete cascade,
  id bigint not null check (id > 0),
  type text not null check (type ~ '^[a-z_]{2,40}\.[a-z_]{2,40}$'),
  -- Who may receive it: 'member' reaches every member, 'admin' only owners and admins.
  audience text not null check (audience in ('member', 'admin')),
  data jsonb not null default '{}'::jsonb check (jsonb_typeof(data) = 'object' and pg_column_size(data) <= 4000),
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);

-- Nobody edits or removes an event; only deleting its org (a cascade) takes its events along.
create function public.events_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and not exists (select 1 from public.organizations o where o.id = old.org_id) then
    return old;
  end if;
  raise exception 'events is append-only';
end
$$;
create trigger events_no_update before update or delete on public.events
  for each row execute function public.events_append_only();

alter table public.event_counters enable row level security;
alter table public.events enable row level security;

revoke all on public.event_counters, public.events from anon, authenticated;
-- Reads only; every write goes through the server's own connection. The counters have no grant.
grant select on public.events to authenticated;
create policy events_members on public.events for select to authenticated
  using (org_id in (select public.member_org_ids())
         and (audience = 'member' or org_id in (select public.admin_org_ids())));
