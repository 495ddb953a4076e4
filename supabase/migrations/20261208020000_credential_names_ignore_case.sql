-- A credential's name tells it apart from the provider's other credentials, to people and to
-- agents and the REST API, which ask for one by name: "Production" and "production" side by side
-- would be two credentials a person reads as one, and an agent asking for either spelling could be
-- handed the other key. So names are unique regardless of case, as agent names already are. A save
-- under another spelling of a taken name replaces that credential's key and keeps its stored
-- spelling, as a save under the same spelling always has (lib/integrations/store.ts).

-- Credentials saved under two spellings before this index: the default (else the oldest) keeps its
-- name; each other gains the start of its id, which no other credential has. An audit row in the
-- org's trail says so, and a notification (credential_renamed, until an admin dismisses it) tells
-- admins, since a script or an agent asking for the old name now gets the one that kept it.
with ranked as (
  select id, name, row_number() over (partition by org_id, provider, lower(name) order by is_default desc, created_at, id) as n
  from public.integrations
), renamed as (
  update public.integrations i
     set name = left(r.name, 69) || ' (' || left(i.id::text, 8) || ')', updated_at = now()
    from ranked r
   where r.id = i.id and r.n > 1
  returning i.id, i.org_id, i.provider, r.name as old_name, i.name as new_name, i.fingerprint
), told as (
  insert into public.notifications (org_id, integration_id, kind, message)
  select org_id, id, 'credential_renamed',
         'Renamed from “' || old_name || '” to “' || new_name || '”: credential names now ignore letter case, and another credential of this provider had the same name. '
         || 'Scripts, agents and API calls that ask for “' || old_name || '” now get that other credential; point them at “' || new_name || '” to keep using this one.'
    from renamed
)
insert into public.audit_events (org_id, action, provider, integration_id, outcome, metadata, actor_type, actor_name)
select org_id, 'integration.rename', provider, id, 'renamed',
       jsonb_build_object('from', old_name, 'name', new_name, 'fingerprint', fingerprint),
       'system', 'Switchboard'
  from renamed;

alter table public.integrations drop constraint integrations_org_id_provider_name_key;
create unique index integrations_name_ignoring_case on public.integrations (org_id, provider, lower(name));

-- The same function, with every comparison of names made without regard to case and the upsert's
-- conflict target the new index. And a pasted key never replaces an OAuth connection of the same
-- name (before, it took over the connection's row: its status and fingerprint became the key's and
-- the key was sealed where nothing reads it, since Nango holds the token): the upsert updates only
-- a key's row, and a name that belongs to a connection answers 'oauth_name', storing nothing.
create or replace function public.store_credential(
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
             where i.org_id = p_org and i.provider = p_provider and lower(i.name) = lower(p_name) and n.resolved_at is null)
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
    select count(*)::int, count(*) filter (where not (i.provider = p_provider and lower(i.name) = lower(p_name)))::int
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
      on conflict (org_id, provider, lower(name)) do update set status = excluded.status, configured_at = now(),
        last_checked_at = now(), check_outcome = excluded.check_outcome, check_reason = excluded.check_reason,
        account_label = excluded.account_label, details = excluded.details, fingerprint = excluded.fingerprint,
        secret_version = i.secret_version + 1, updated_at = now()
        where i.auth_type = 'api_key'
      returning i.id, i.secret_version into stored_id, stored_version;
    if stored_id is null then
      -- A check budget slot this statement took commits with the answer: a refusal after a check,
      -- as a rejected key is.
      result := 'oauth_name';
      return next;
      return;
    end if;
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

-- An agent names the credential it wants as a person would: the grant's credential matches that
-- name in any letter case (pickGrant does the same for reveal and env). The rest is unchanged.
create or replace function public.agent_call(
  p_agent uuid, p_org uuid, p_slot_key text, p_window int, p_budget int, p_prefix text, p_ip text, p_hash text,
  p_provider text, p_credential text, p_method text, p_segments text[], p_take boolean, p_agent_limit int, p_unusable text[])
  returns table (ok boolean, count int, retry int, "agentId" uuid, "orgId" uuid, "orgSlug" text, name text,
    matches boolean, revoked boolean, expired boolean, "addressAllowed" boolean,
    grants jsonb, "grantId" uuid, "agentCount" int, "agentRetry" int, "grantCount" int, "grantRetry" int, used boolean,
    key_version int, secret_version int, iv bytea, ciphertext bytea, auth_tag bytea)
  language plpgsql volatile as $$
#variable_conflict use_column
declare
  v_agent uuid;
  v_org uuid;
  v_pick jsonb;
  v_usable boolean;
  v_needs_secret boolean;
  v_rate int;
  v_cred uuid;
begin
  if p_agent is null then
    select t.ok, t.count, t.retry, t."agentId", t."orgId", t."orgSlug", t.name, t.matches, t.revoked, t.expired, t."addressAllowed"
      into ok, count, retry, "agentId", "orgId", "orgSlug", name, matches, revoked, expired, "addressAllowed"
      from public.agent_check_token(p_slot_key, p_window, p_budget, p_prefix, p_ip, p_hash) t;
    -- A right token is refused too once the address's failures have spent its budget (tokenAuth
    -- answers "locked"), so it must spend nothing here either.
    if not ok or count >= p_budget then
      return next;
      return;
    end if;
    v_agent := "agentId";
    v_org := "orgId";
  else
    ok := true;
    v_agent := p_agent;
    v_org := p_org;
  end if;

  select coalesce(jsonb_agg(to_jsonb(x) order by x.provider, (x."integrationId" is null) desc, x."createdAt"), '[]'::jsonb)
    into grants
    from (
      select g.id, g.org_id as "orgId", g.agent_id as "agentId", g.provider, g.integration_id as "integrationId", g.operations,
          g.proxy_rules as "proxyRules", g.preset, g.aws_role_arn as "awsRoleArn", g.reveal_seconds as "revealSeconds",
          g.rate_per_minute as "ratePerMinute", g.max_uses as "maxUses", g.uses, g.expires_at as "expiresAt",
          g.created_at as "createdAt", g.revoked_at as "revokedAt", g.revision,
          (a.revoked_at is null and (a.expires_at is null or a.expires_at > now())) as "agentLive",
          coalesce(g.expires_at <= now(), false) as expired, (g.max_uses is not null and g.uses >= g.max_uses) as "usedUp",
          i.id as "credId", i.name as "credName", i.status as "credStatus", i.auth_type as "credAuthType", i.fingerprint as "credFingerprint"
        from public.agent_grants g join public.agents a on a.id = g.agent_id and a.org_id = g.org_id
        left join public.integrations i on i.org_id = g.org_id and i.provider = g.provider
          and (case when g.integration_id is null then i.is_default else i.id = g.integration_id end)
       where g.org_id = v_org and g.agent_id = v_agent and g.revoked_at is null and g.provider = p_provider
    ) x;

  -- pickGrant's choice (lib/agents/grants.ts): none when the agent is no longer live; else the first
  -- grant (by credential name when one is given) with proxy, unexpired and with uses left.
  if not p_take or jsonb_array_length(grants) = 0 or not (grants->0->>'agentLive')::boolean then
    return next;
    return;
  end if;
  select e into v_pick
    from jsonb_array_elements(grants) with ordinality as t(e, n)
   where (p_credential is null or lower(e->>'credName') = lower(p_credential))
     and e->'operations' ? 'proxy' and not (e->>'expired')::boolean and not (e->>'usedUp')::boolean
   order by n limit 1;
  if v_pick is null or not public.agent_rules_allow(v_pick->'proxyRules', p_method, p_segments) then
    return next;
    return;
  end if;

  "grantId" := (v_pick->>'id')::uuid;
  v_rate := (v_pick->>'ratePerMinute')::int;
  v_cred := (v_pick->>'credId')::uuid;
  v_usable := v_cred is not null and not ((v_pick->>'credStatus') = any(p_unusable));
  v_needs_secret := (v_pick->>'credAuthType') is distinct from 'oauth';
  -- What this commit writes is a rate slot, the last use and a use count. Only a grant's maximum
  -- of uses is a cap that must outlive a database crash; without one, the commit does not wait
  -- for its WAL flush (synchronous_commit off, this transaction only). That wait was most of a
  -- call's time on PostgreSQL (about 1 to 3 ms on a shared disk). The writes are visible to every
  -- other session at once, so the limits hold across instances as before; a crash within a
  -- fraction of a second may forget the last calls' slots and counts, never a capped grant's use
  -- (its commit still waits). The audit event is its own, synchronous, commit. agent_call runs as
  -- its own statement, never inside a caller's transaction, so the setting goes no further.
  if v_pick->>'maxUses' is null then
    perform set_config('synchronous_commit', 'off', true);
  end if;
  with agent_slot as (
    insert into public.auth_attempts as a (key, window_start, count) values ('agent-rate:' || v_agent::text, now(), 1)
    on conflict (key) do update set
      count = case when a.window_start <= now() - make_interval(secs => 60) then 1 else least(a.count + 1, p_agent_limit + 1) end,
      window_start = case when a.window_start <= now() - make_interval(secs => 60) then now() else a.window_start end
    returning a.count, greatest(1, ceil(extract(epoch from a.window_start + make_interval(secs => 60) - now())))::int as retry
  ), grant_slot as (
    insert into public.auth_attempts as a (key, window_start, count)
    select 'agent-grant-rate:' || "grantId"::text, now(), 1 where exists (select 1 from agent_slot s where s.count <= p_agent_limit)
    on conflict (key) do update set
      count = case when a.window_start <= now() - make_interval(secs => 60) then 1 else least(a.count + 1, v_rate + 1) end,
      window_start = case when a.window_start <= now() - make_interval(secs => 60) then now() else a.window_start end
    returning a.count, greatest(1, ceil(extract(epoch from a.window_start + make_interval(secs => 60) - now())))::int as retry
  ), secret as (
    select s.key_version, i.secret_version, s.iv, s.ciphertext, s.auth_tag
      from public.integration_secrets s join public.integrations i on i.id = s.integration_id and i.org_id = s.org_id
     where s.org_id = v_org and s.integration_id = v_cred and v_needs_secret
  ), seen as (
    update public.agents ag set last_used_at = now(), last_used_ip = p_ip where ag.id = v_agent returning ag.id
  ), spent as (
    update public.agent_grants g set uses = g.uses + 1
     where g.id = "grantId" and g.revision = (v_pick->>'revision')::int and g.revoked_at is null and (g.expires_at is null or g.expires_at > now())
       and (g.max_uses is null or g.uses < g.max_uses)
       and exists (select 1 from grant_slot s where s.count <= v_rate) and v_usable
       and (not v_needs_secret or exists (select 1 from secret)) and exists (select 1 from seen)
    returning g.uses
  )
  select (select s.count from agent_slot s), (select s.retry from agent_slot s),
      (select s.count from grant_slot s), (select s.retry from grant_slot s),
      exists (select 1 from spent), sec.key_version, sec.secret_version, sec.iv, sec.ciphertext, sec.auth_tag
    into "agentCount", "agentRetry", "grantCount", "grantRetry", used, key_version, secret_version, iv, ciphertext, auth_tag
    from (select 1) one left join secret sec on true;
  return next;
end
$$;
