-- A grant edited in place (20261204150000) keeps its row, so a call that read it before the edit
-- could still spend a use afterwards and go ahead under the operations and rules the admin had
-- just taken away: a reveal after Reveal was unticked, a proxied call on a path no longer allowed.
-- (Before, an edit revoked the row and every spender requires revoked_at is null.) Each edit now
-- moves the grant's revision on, and the statements that spend a use (agent_call's below, and
-- consumeUse in lib/agents/grants.ts) match the revision their caller checked: a use is taken
-- only under the grant exactly as it was read. A spender waiting on the edit's row lock re-reads
-- the row once the edit commits (READ COMMITTED), so the check also holds mid-statement.
alter table public.agent_grants add column revision int not null default 0;

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
   where (p_credential is null or e->>'credName' = p_credential)
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
