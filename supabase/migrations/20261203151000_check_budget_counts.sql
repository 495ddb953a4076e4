-- The check budget's counts kept as they change (issue 19 (d)). public.reserve_provider_check
-- counted the person's and the org's provider_checks rows in the window on every reservation, so
-- its cost grew with the number of checks in the window (0.45 ms a save at 800 rows, 1.4 ms at
-- 6,000). Now each subject has a count of its checks made after counted_after: a reservation
-- moves counted_after up to the window's start and subtracts only the rows that left the window
-- since, so each row is read once on its way in and once on its way out. The ledger stays the
-- truth: a count missing, or older than the ledger's pruning (rows older than a day go, and a
-- count last moved before then may still include some of them), is counted afresh from it. The
-- result is the same number as before, read under the same advisory locks.
create table public.provider_check_counts (
  kind text not null check (kind in ('user', 'api_key', 'org')),
  subject uuid not null,
  -- n is this subject's checks with created_at after counted_after.
  counted_after timestamptz not null,
  n int not null,
  primary key (kind, subject)
);
alter table public.provider_check_counts enable row level security;
revoke all on public.provider_check_counts from anon, authenticated;
-- No policy and no grant: server-side bookkeeping only, like provider_checks.

-- The subject's ledger rows with created_at in (p_after, p_until]: one query per kind, so each
-- uses its own (subject, created_at) index.
create function public.checks_between(p_kind text, p_subject uuid, p_after timestamptz, p_until timestamptz)
  returns int language plpgsql volatile as $$
begin
  if p_kind = 'user' then
    return (select count(*) from public.provider_checks where user_id = p_subject and created_at > p_after and created_at <= p_until);
  elsif p_kind = 'api_key' then
    return (select count(*) from public.provider_checks where api_key_id = p_subject and created_at > p_after and created_at <= p_until);
  end if;
  return (select count(*) from public.provider_checks where org_id = p_subject and created_at > p_after and created_at <= p_until);
end
$$;

-- The subject's checks after p_since, from its count (moved on to p_since) or from the ledger.
-- Call under the subject's advisory lock.
create function public.checks_since(p_kind text, p_subject uuid, p_since timestamptz)
  returns int language plpgsql volatile as $$
declare
  v_after timestamptz;
  v_n int;
begin
  select counted_after, n into v_after, v_n from public.provider_check_counts where kind = p_kind and subject = p_subject;
  -- A margin of an hour under the day the ledger keeps: a pruning that began a moment after this
  -- transaction still removes nothing the count has not already left behind.
  if v_after is null or v_after < now() - interval '23 hours' then
    v_n := public.checks_between(p_kind, p_subject, p_since, 'infinity');
    insert into public.provider_check_counts (kind, subject, counted_after, n) values (p_kind, p_subject, p_since, v_n)
      on conflict (kind, subject) do update set counted_after = excluded.counted_after, n = excluded.n;
  elsif v_after < p_since then
    v_n := v_n - public.checks_between(p_kind, p_subject, v_after, p_since);
    update public.provider_check_counts set counted_after = p_since, n = v_n where kind = p_kind and subject = p_subject;
  elsif v_after > p_since then
    -- A window reaching further back than the count starts: a transaction that began a moment
    -- before the one that moved the count on, or longer limits. Add the checks in between.
    v_n := v_n + public.checks_between(p_kind, p_subject, p_since, v_after);
  end if;
  return v_n;
end
$$;

create or replace function public.reserve_provider_check(
  p_org uuid, p_subject uuid, p_by_user boolean, p_window_minutes int, p_per_person int, p_per_org int,
  p_user_id uuid, p_api_key_id uuid)
  returns table (reserved boolean, by_me int, by_org int, me_free int, org_free int)
  language plpgsql volatile as $$
declare
  v_since timestamptz;
  v_kind text := case when p_by_user then 'user' else 'api_key' end;
begin
  perform pg_advisory_xact_lock(1935829761, hashtext(p_subject::text));
  perform pg_advisory_xact_lock(1935829762, hashtext(p_org::text));
  v_since := now() - make_interval(mins => p_window_minutes);
  by_me := public.checks_since(v_kind, p_subject, v_since);
  by_org := public.checks_since('org', p_org, v_since);
  reserved := by_me < p_per_person and by_org < p_per_org;
  if reserved then
    delete from public.provider_checks where org_id = p_org and created_at < now() - interval '1 day';
    insert into public.provider_checks (org_id, user_id, api_key_id) values (p_org, p_user_id, p_api_key_id);
    -- The new row counts only where it falls after the count's start (a transaction that began
    -- before the count was moved on writes an earlier created_at).
    update public.provider_check_counts set n = n + 1
     where ((kind = v_kind and subject = p_subject) or (kind = 'org' and subject = p_org)) and counted_after < now();
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

revoke all on function public.checks_between(text, uuid, timestamptz, timestamptz) from public, anon, authenticated;
revoke all on function public.checks_since(text, uuid, timestamptz) from public, anon, authenticated;
revoke all on function public.reserve_provider_check(uuid, uuid, boolean, int, int, int, uuid, uuid) from public, anon, authenticated;
