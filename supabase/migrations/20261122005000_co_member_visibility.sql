-- Members may see the accounts they share an org with (member lists, "who" in the audit trail).
-- Security definer so the check reads memberships directly instead of recursing through policies.
create function public.shares_org_with(target uuid) returns boolean
  language sql stable security definer set search_path = public as
  $$ select exists (
       select 1 from public.memberships mine join public.memberships theirs on theirs.org_id = mine.org_id
        where mine.user_id = auth.uid() and theirs.user_id = target) $$;

create policy users_co_members on public.users for select to authenticated using (public.shares_org_with(id));

-- Only the columns a teammate may see: never the password hash.
revoke select on public.users from authenticated;
grant select (id, email, created_at) on public.users to authenticated;
