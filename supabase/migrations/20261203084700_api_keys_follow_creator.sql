-- An org API key acts with its creator's authority, so it must not outlive it: when the person
-- who created a key stops being an owner or admin of its org (removed, or given the member role),
-- every live key they created there is revoked in the same transaction, one audit event per key
-- naming it. A trigger rather than application code, so no path that changes a membership (the
-- members page, a future role change, an operator's SQL) can leave such a key working. The API's
-- key lookup also refuses a key whose creator is no longer an owner or admin (lib/api/keys.ts).
create function public.revoke_keys_of_former_admin() returns trigger
  language plpgsql security definer set search_path = public as $$
declare
  k record;
  reason text := case when tg_op = 'DELETE' then 'creator_removed' else 'creator_demoted' end;
begin
  if old.role not in ('owner', 'admin') or (tg_op = 'UPDATE' and new.role in ('owner', 'admin')) then
    return null;
  end if;
  for k in
    update api_keys set revoked_at = now()
     where org_id = old.org_id and created_by = old.user_id and revoked_at is null
    returning prefix, name
  loop
    insert into audit_events (org_id, actor_user_id, action, outcome, metadata)
    values (old.org_id, null, 'api_key.revoke', 'revoked',
      jsonb_build_object('key_prefix', k.prefix, 'name', k.name, 'reason', reason, 'creator', old.user_id));
  end loop;
  return null;
end;
$$;
revoke all on function public.revoke_keys_of_former_admin() from public;

create trigger memberships_revoke_keys after delete or update of role on public.memberships
  for each row execute function public.revoke_keys_of_former_admin();

-- Keys whose creator had already left or lost the admin role before this rule existed.
with revoked as (
  update public.api_keys k set revoked_at = now()
   where k.revoked_at is null
     and not exists (select 1 from public.memberships m
                      where m.org_id = k.org_id and m.user_id = k.created_by and m.role in ('owner', 'admin'))
  returning k.org_id, k.prefix, k.name, k.created_by
)
insert into public.audit_events (org_id, actor_user_id, action, outcome, metadata)
select org_id, null, 'api_key.revoke', 'revoked',
  jsonb_build_object('key_prefix', prefix, 'name', name, 'reason', 'creator_not_admin', 'creator', created_by)
  from revoked;
