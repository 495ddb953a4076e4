-- Read cache across instances (lib/db/changes.ts): a committed write to a table that cached reads
-- depend on (the session lookup, the org layout, the integrations page) NOTIFYs every instance,
-- which then reads afresh. pg_notify is transactional: sent at commit, never for a rollback, and
-- one per payload per transaction however many rows change. Row triggers, not statement ones,
-- so that a statement changing nothing (the timers' sweeps) notifies nothing. Events need no
-- trigger: appending one already notifies switchboard_events (lib/events/append.ts).
create or replace function notify_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('switchboard_changes', tg_table_name);
  return null;
end $$;

do $$
declare t text;
begin
  foreach t in array array['sessions', 'users', 'organizations', 'memberships', 'integrations', 'notifications', 'credential_requests', 'deployments'] loop
    execute format('create trigger %I after insert or update or delete on %I for each row execute function notify_change()', t || '_notify_change', t);
    execute format('create trigger %I after truncate on %I for each statement execute function notify_change()', t || '_notify_truncate', t);
  end loop;
end $$;
