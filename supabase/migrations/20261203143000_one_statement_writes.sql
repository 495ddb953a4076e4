-- Saving a credential in one round trip (issue 19 (d)). Each function below is called as one
-- statement, which is its own transaction when no other is open: the advisory locks, the row
-- locks and the event counter's lock are then held for exactly that statement. They are VOLATILE
-- plpgsql/sql functions, so every statement inside takes a fresh snapshot: a count read after a
-- lock sees everything committed by whoever held the lock before (READ COMMITTED, as before).
-- SECURITY INVOKER: they run with the caller's rights, and only the server's role may call them.

-- One org event, its webhook deliveries and its NOTIFY, as lib/events/append.ts describes (the
-- TypeScript side parses the payload and picks the webhook type; this is the one copy of the
-- SQL). plpgsql, not sql: a sql function's statement is planned again on every call (it cost
-- 1.7 ms a save), a plpgsql one's once per connection.
create function public.append_event(p_org uuid, p_type text, p_audience text, p_data jsonb, p_hook_type text, p_hook_data jsonb)
  returns void language plpgsql volatile as $$
declare
  v_id bigint;
begin
  with next as (
    insert into public.event_counters (org_id, last_id) values (p_org, 1)
    on conflict (org_id) do update set last_id = event_counters.last_id + 1
    returning last_id
  ), added as (
    insert into public.events (org_id, id, type, audience, data)
    select p_org, last_id, p_type, p_audience, p_data from next
    returning id, created_at
  ), queued as (
    -- The payload's timestamp is the event's own time, so a replay sends the same body.
    insert into public.webhook_deliveries (org_id, subscription_id, event_type, payload)
    select p_org, s.id, p_hook_type, jsonb_build_object('type', p_hook_type,
        'timestamp', to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', p_hook_data)
      from added a join public.webhook_subscriptions s on s.org_id = p_org and s.disabled_at is null and p_hook_type = any(s.event_types)
     where p_hook_type is not null
  )
  select id into v_id from added;
  perform pg_notify('switchboard_events', p_org::text || ':' || v_id::text);
end
$$;

-- The check budget (lib/integrations/rate-limit.ts): the person's lock, then the org's, the
-- counts, and the slot when both windows have room. Returns the counts and, when refused, the
-- seconds until the check that filled each window leaves it.
create function public.reserve_provider_check(
  p_org uuid, p_subject uuid, p_by_user boolean, p_window_minutes int, p_per_person int, p_per_org int,
  p_user_id uuid, p_api_key_id uuid)
  returns table (reserved boolean, by_me int, by_org int, me_free int, org_free int)
  language plpgsql volatile as $$
declare
  v_since timestamptz;
begin
  perform pg_advisory_xact_lock(1935829761, hashtext(p_subject::text));
  perform pg_advisory_xact_lock(1935829762, hashtext(p_org::text));
  v_since := now() - make_interval(mins => p_window_minutes);
  select count(*)::int into by_me from public.provider_checks c
   where (case when p_by_user then c.user_id = p_subject else c.api_key_id = p_subject end) and c.created_at > v_since;
  select count(*)::int into by_org from public.provider_checks c where c.org_id = p_org and c.created_at > v_since;
  reserved := by_me < p_per_person and by_org < p_per_org;
  if reserved then
    delete from public.provider_checks where org_id = p_org and created_at < now() - interval '1 day';
    insert into public.provider_checks (org_id, user_id, api_key_id) values (p_org, p_user_id, p_api_key_id);
  else
    select ceil(extract(epoch from c.created_at + make_interval(mins => p_window_minutes) - now()))::int into me_free
      from public.provider_checks c
     where (case when p_by_user then c.user_id = p_subject else c.api_key_id = p_subject end) and c.created_at > v_since
     order by c.created_at desc offset greatest(p_per_person - 1, 0) limit 1;
    select ceil(extract(epoch from c.created_at + make_interval(mins => p_window_minutes) - now()))::int into org_free
      from public.provider_checks c where c.org_id = p_org and c.created_at > v_since
     order by c.created_at desc offset greatest(p_per_org - 1, 0) limit 1;
  end if;
  return next;
end
$$;

-- Storing a sealed credential (lib/integrations/store.ts): for a save without verifying, its
-- check budget slot; the plan limit under the org's row lock; the upsert; the secret, the audit event, the check history and, given one, the
-- credential.saved event last. The ciphertext was sealed before the call for the row id and
-- secret version the caller expects this save to produce (both are bound into its AAD); when the
-- upsert produces others (the name already existed, or a concurrent save moved the version on),
-- it raises SB409 with the ones it got, and everything it did rolls back: the caller seals again
-- for those and retries. p_new_id is fresh for every attempt, so an id is never reused.
-- The upsert is race-free without a lock: the first insert names no conflict target, so it yields
-- to either unique index (the name, or integrations_one_default when another default exists or is
-- being inserted; a concurrent insert is waited for). Only then is the row inserted as a
-- non-default, or the existing row of that name replaced (its secret version moves on, and the
-- row stays locked until commit). A "not exists" test instead would let two first credentials
-- both see no default and the second fail with a unique violation.
-- With p_fast, a save that would also have to close open notifications or fulfil pending
-- requests changes nothing and answers 'needs_transaction': the caller then runs it inside a
-- transaction of its own and does those steps there (lib/integrations/service.ts).
create function public.store_credential(
  p_org uuid, p_provider text, p_name text, p_new_id uuid, p_expect_id uuid, p_expect_version int,
  p_status text, p_outcome text, p_reason text, p_account_label text, p_details jsonb, p_fingerprint text,
  p_key_version int, p_iv bytea, p_ciphertext bytea, p_auth_tag bytea,
  p_plan_limit int, p_fast boolean,
  p_actor_user uuid, p_ip text, p_user_agent text, p_actor_type text, p_actor_agent uuid, p_actor_name text, p_audit_metadata jsonb,
  p_latency_ms int, p_http_status int,
  p_event_audience text, p_event_data jsonb, p_hook_type text, p_hook_data jsonb,
  p_reserve boolean, p_subject uuid, p_by_user boolean, p_window_minutes int, p_per_person int, p_per_org int,
  p_user_id uuid, p_api_key_id uuid)
  returns table (result text, stored_id uuid, stored_version int, credential_count int,
    by_me int, by_org int, me_free int, org_free int)
  language plpgsql volatile as $$
declare
  v_others int;
  v_slot record;
begin
  if p_fast and (
    exists (select 1 from public.notifications n join public.integrations i on i.id = n.integration_id
             where i.org_id = p_org and i.provider = p_provider and i.name = p_name and n.resolved_at is null)
    or (p_status = 'VALID' and exists (select 1 from public.credential_requests r
             where r.org_id = p_org and r.provider = p_provider and r.state = 'pending' and r.expires_at > now()))) then
    result := 'needs_transaction';
    return next;
    return;
  end if;

  -- A save without verifying takes its check budget slot here, so the two commit together (and an
  -- attempt that rolls back takes none).
  if p_reserve then
    select * into v_slot from public.reserve_provider_check(p_org, p_subject, p_by_user, p_window_minutes, p_per_person, p_per_org, p_user_id, p_api_key_id);
    if not v_slot.reserved then
      result := 'limited';
      by_me := v_slot.by_me; by_org := v_slot.by_org; me_free := v_slot.me_free; org_free := v_slot.org_free;
      return next;
      return;
    end if;
  end if;
  if p_plan_limit is not null then
    -- For no key update: inserts that reference the org still proceed; other counting saves queue.
    perform 1 from public.organizations where id = p_org for no key update;
    select count(*)::int, count(*) filter (where not (i.provider = p_provider and i.name = p_name))::int
      into credential_count, v_others from public.integrations i where i.org_id = p_org;
    if v_others + 1 > p_plan_limit then
      result := 'plan_limit';
      return next;
      return;
    end if;
  end if;
  insert into public.integrations as i (id, org_id, provider, name, is_default, status, configured_at, last_checked_at,
      check_outcome, check_reason, account_label, details, fingerprint)
    values (p_new_id, p_org, p_provider, p_name, true, p_status, now(), now(), p_outcome, p_reason, p_account_label, p_details, p_fingerprint)
    on conflict do nothing
    returning i.id, i.secret_version into stored_id, stored_version;
  if stored_id is null then
    insert into public.integrations as i (id, org_id, provider, name, is_default, status, configured_at, last_checked_at,
        check_outcome, check_reason, account_label, details, fingerprint)
      values (p_new_id, p_org, p_provider, p_name, false, p_status, now(), now(), p_outcome, p_reason, p_account_label, p_details, p_fingerprint)
      on conflict (org_id, provider, name) do update set status = excluded.status, configured_at = now(),
        last_checked_at = now(), check_outcome = excluded.check_outcome, check_reason = excluded.check_reason,
        account_label = excluded.account_label, details = excluded.details, fingerprint = excluded.fingerprint,
        secret_version = i.secret_version + 1, updated_at = now()
      returning i.id, i.secret_version into stored_id, stored_version;
  end if;
  if stored_id <> p_expect_id or stored_version <> p_expect_version then
    raise exception 'sealed for another row or secret version' using errcode = 'SB409',
      detail = stored_id::text || ':' || stored_version::text;
  end if;

  insert into public.integration_secrets (integration_id, org_id, key_version, iv, ciphertext, auth_tag)
    values (stored_id, p_org, p_key_version, p_iv, p_ciphertext, p_auth_tag)
    on conflict (integration_id) do update set key_version = excluded.key_version, iv = excluded.iv,
      ciphertext = excluded.ciphertext, auth_tag = excluded.auth_tag, created_at = now();
  insert into public.audit_events (org_id, actor_user_id, action, provider, integration_id, outcome, ip, user_agent, metadata,
      actor_type, actor_agent_id, actor_name)
    values (p_org, p_actor_user, 'integration.store', p_provider, stored_id, p_outcome, p_ip, p_user_agent, p_audit_metadata,
      p_actor_type, p_actor_agent, p_actor_name);
  insert into public.integration_checks (integration_id, org_id, provider, outcome, latency_ms, reason, http_status, source)
    values (stored_id, p_org, p_provider, p_outcome, p_latency_ms, left(p_reason, 1000), p_http_status, 'setup');
  -- Last, so the org's event counter is locked only for the commit (lib/events/append.ts).
  if p_event_data is not null then
    perform public.append_event(p_org, 'credential.saved', p_event_audience, p_event_data, p_hook_type, p_hook_data);
  end if;
  result := 'stored';
  return next;
end
$$;

revoke all on function public.append_event(uuid, text, text, jsonb, text, jsonb) from public, anon, authenticated;
revoke all on function public.reserve_provider_check(uuid, uuid, boolean, int, int, int, uuid, uuid) from public, anon, authenticated;
revoke all on function public.store_credential(uuid, text, text, uuid, uuid, int, text, text, text, text, jsonb, text, int, bytea, bytea, bytea,
  int, boolean, uuid, text, text, text, uuid, text, jsonb, int, int, text, jsonb, text, jsonb,
  boolean, uuid, boolean, int, int, int, uuid, uuid) from public, anon, authenticated;
