-- Counters for everything that limits unauthenticated work (sign-in guesses per account, sign-ins
-- and sign-ups per client address, at most so many trace records a minute). One row per key, a
-- fixed window starting at its first attempt, taken with one upsert: the row lock that the
-- upsert holds is what makes "count and check" atomic however many requests arrive at once.
create table public.auth_attempts (
  key text primary key,
  window_start timestamptz not null,
  count integer not null check (count >= 0)
);
create index auth_attempts_window_idx on public.auth_attempts (window_start);

alter table public.auth_attempts enable row level security;
revoke all on public.auth_attempts from anon, authenticated;
-- No policy and no grant: server-side bookkeeping only.

-- Replaced by auth_attempts: counting its rows and then inserting one was a race.
drop table public.sign_in_failures;
