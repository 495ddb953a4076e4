-- The ledger of provider checks (one live call that tests a credential), for the limit on checks
-- per person and per org (lib/integrations/rate-limit.ts). A check is written here, under
-- advisory locks on its person and its org, before the call is made, so the limit is counted and
-- taken in one step however many requests arrive at once. No foreign keys on purpose: deleting
-- an org or an API key must not hand a person their budget back. Rows older than a day are
-- pruned as new ones arrive.
create table public.provider_checks (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  -- The person charged: the signed-in user, or the person who created the API key that asked.
  user_id uuid,
  -- The API key that asked, if one did: the check is charged to the key itself when its creator is gone.
  api_key_id uuid,
  created_at timestamptz not null default now()
);
create index provider_checks_user_idx on public.provider_checks (user_id, created_at) where user_id is not null;
create index provider_checks_org_idx on public.provider_checks (org_id, created_at);
create index provider_checks_key_idx on public.provider_checks (api_key_id, created_at) where api_key_id is not null;

alter table public.provider_checks enable row level security;
revoke all on public.provider_checks from anon, authenticated;
-- No policy and no grant: server-side bookkeeping only.
