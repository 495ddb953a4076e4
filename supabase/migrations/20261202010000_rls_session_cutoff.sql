-- users.sessions_valid_after also holds in row-level security, for requests that reach the
-- database with a Supabase access token of their own (the Data API): a session signed in before
-- the user's cut-off sees no org's rows, even while Supabase still honours its token. The
-- sign-in time is the latest amr timestamp (kept across refreshes), else the token's iat.
-- Claims with neither, as Switchboard's own server sets them after checking the session itself,
-- pass. Same org lists as before otherwise.

create function public.session_after_cutoff() returns boolean
  language sql stable security definer set search_path = public as
  $$ with claims as (select nullif(current_setting('request.jwt.claims', true), '')::json as c),
          signed_in as (
            select coalesce(
                     (select max((a ->> 'timestamp')::bigint)
                        from claims, json_array_elements(case when json_typeof(c -> 'amr') = 'array' then c -> 'amr' else '[]'::json end) a
                       where json_typeof(a) = 'object'),
                     (select (c ->> 'iat')::bigint from claims)) as at)
     select not exists (
       select 1 from public.users u, signed_in
        where u.id = auth.uid() and u.sessions_valid_after is not null
          and signed_in.at < floor(extract(epoch from u.sessions_valid_after))) $$;

create or replace function public.member_org_ids() returns setof uuid
  language sql stable security definer set search_path = public as
  $$ select m.org_id from public.memberships m where m.user_id = auth.uid() and public.session_after_cutoff() $$;

create or replace function public.admin_org_ids() returns setof uuid
  language sql stable security definer set search_path = public as
  $$ select m.org_id from public.memberships m
      where m.user_id = auth.uid() and m.role in ('owner', 'admin') and public.session_after_cutoff() $$;

create or replace function public.co_member_ids() returns setof uuid
  language sql stable security definer set search_path = public as
  $$ select theirs.user_id from public.memberships mine join public.memberships theirs on theirs.org_id = mine.org_id
      where mine.user_id = auth.uid() and public.session_after_cutoff() $$;
