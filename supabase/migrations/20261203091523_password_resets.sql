-- One-time codes that let a local account choose a new password (the embedded default sends no
-- email): issued by an org owner from the members page, or by the operator's command on the
-- machine that holds the data. Only a hash of the code is kept; a code works once, for a short
-- time, and issuing a new one for a person ends their older ones.
create table public.password_resets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  code_hash text not null unique,
  -- Who issued it: an owner of org_id, or (both null) the operator's command.
  created_by uuid references public.users (id) on delete set null,
  org_id uuid references public.organizations (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz
);
create index password_resets_user_idx on public.password_resets (user_id);

alter table public.password_resets enable row level security;
revoke all on public.password_resets from anon, authenticated;
-- No policy and no grant: server-side only.
