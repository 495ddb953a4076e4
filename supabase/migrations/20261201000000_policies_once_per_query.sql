-- The policies called is_org_member(org_id) for every row they filtered: a function call and an
-- index probe per row. `org_id in (select ...)` lets the planner run the caller's org list once per
-- query (a hashed subplan), the pattern Supabase's RLS performance guide recommends. Same rules.

create function public.member_org_ids() returns setof uuid
  language sql stable security definer set search_path = public as
  $$ select m.org_id from public.memberships m where m.user_id = auth.uid() $$;

create function public.admin_org_ids() returns setof uuid
  language sql stable security definer set search_path = public as
  $$ select m.org_id from public.memberships m where m.user_id = auth.uid() and m.role in ('owner', 'admin') $$;

create function public.co_member_ids() returns setof uuid
  language sql stable security definer set search_path = public as
  $$ select theirs.user_id from public.memberships mine join public.memberships theirs on theirs.org_id = mine.org_id
      where mine.user_id = auth.uid() $$;

drop policy organizations_members on public.organizations;
create policy organizations_members on public.organizations for select to authenticated
  using (id in (select public.member_org_ids()));

drop policy memberships_members on public.memberships;
create policy memberships_members on public.memberships for select to authenticated
  using (org_id in (select public.member_org_ids()));

drop policy integrations_members on public.integrations;
create policy integrations_members on public.integrations for select to authenticated
  using (org_id in (select public.member_org_ids()));

drop policy integration_checks_members on public.integration_checks;
create policy integration_checks_members on public.integration_checks for select to authenticated
  using (org_id in (select public.member_org_ids()));

drop policy notifications_members on public.notifications;
create policy notifications_members on public.notifications for select to authenticated
  using (org_id in (select public.member_org_ids()));

drop policy audit_events_admins on public.audit_events;
create policy audit_events_admins on public.audit_events for select to authenticated
  using (org_id in (select public.admin_org_ids()));

drop policy api_keys_admins on public.api_keys;
create policy api_keys_admins on public.api_keys for select to authenticated
  using (org_id in (select public.admin_org_ids()));

drop policy users_co_members on public.users;
create policy users_co_members on public.users for select to authenticated
  using (id in (select public.co_member_ids()));

drop function public.is_org_member(uuid);
drop function public.is_org_admin(uuid);
drop function public.shares_org_with(uuid);
