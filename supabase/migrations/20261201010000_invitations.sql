-- One-time invite codes. Local sign-in cannot prove who owns an email address, so access is not
-- granted to whoever registered an address first: an admin creates a code, hands it to the person
-- out of band, and they join by entering it. A code reads sbi_<32 base64url characters> (24 random
-- bytes); only its SHA-256 is kept, so a leaked table cannot be replayed.
create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  role text not null check (role in ('admin', 'member')),
  -- Who it is for, as the admin wrote it: shown in the pending list and the audit trail.
  note text not null check (length(note) between 1 and 80),
  code_hash text not null unique check (code_hash ~ '^[0-9a-f]{64}$'),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_by uuid references public.users (id) on delete set null,
  accepted_at timestamptz,
  revoked_at timestamptz
);
create index invitations_org_idx on public.invitations (org_id, created_at desc);

alter table public.invitations enable row level security;
revoke all on public.invitations from anon, authenticated;
-- Admins may list their org's invitations, but never read the hash.
grant select (id, org_id, role, note, created_by, created_at, expires_at, accepted_by, accepted_at, revoked_at)
  on public.invitations to authenticated;
create policy invitations_admins on public.invitations for select to authenticated
  using (org_id in (select public.admin_org_ids()));
