-- Supabase verifies access tokens without asking anyone, so a token stays valid for its hour even
-- after its session was revoked. Switchboard refuses a user's tokens issued before this moment:
-- set when they sign out (everywhere) or choose a new password, so whoever held the old session,
-- or knew the old password, is out at once. Null: no cut-off. Unused by local sign-in, whose
-- sessions are rows that are revoked directly.
alter table public.users add column sessions_valid_after timestamptz;
