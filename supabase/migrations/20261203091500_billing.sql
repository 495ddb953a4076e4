-- Billing state per org, written only by the server from what Stripe says (lib/billing/sync.ts).
-- No row means the org never subscribed: it is on Free (or unlimited while billing is off).
create table public.org_billing (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  -- Created once per org and remembered, so every Checkout and portal session uses the same customer.
  stripe_customer_id text unique,
  stripe_subscription_id text,
  price_id text,
  plan text not null default 'free' check (plan in ('free', 'team', 'business')),
  -- Stripe's subscription status as last read (active, trialing, past_due, unpaid, canceled, ...).
  status text,
  -- From the subscription's items: since API version 2025-03-31 the period lives there.
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  -- Set when a payment failure is first seen (status past_due or unpaid); the paid plan's limits
  -- hold until then, Free's after. Cleared once the subscription is paid again.
  grace_ends_at timestamptz,
  -- Each sync takes a ticket before it reads Stripe and writes only if no later ticket has written,
  -- so an older read that finishes last never overwrites a newer one, whatever the webhooks' order.
  sync_ticket bigint not null default 0,
  synced_ticket bigint not null default 0,
  updated_at timestamptz not null default now()
);

-- Webhook events already handled, by Stripe's event id: a retry or duplicate is acknowledged
-- without another sync.
create table public.stripe_events (
  id text primary key,
  type text not null,
  org_id uuid references public.organizations (id) on delete set null,
  processed_at timestamptz not null default now()
);
create index stripe_events_processed_idx on public.stripe_events (processed_at);

alter table public.org_billing enable row level security;
alter table public.stripe_events enable row level security;
revoke all on public.org_billing, public.stripe_events from anon, authenticated;
-- Members see their org's plan (the billing page shows it to everyone); the Stripe ids stay server-side.
grant select (org_id, plan, status, current_period_start, current_period_end, cancel_at_period_end, grace_ends_at, updated_at)
  on public.org_billing to authenticated;
create policy org_billing_members on public.org_billing for select to authenticated
  using (org_id in (select public.member_org_ids()));
-- stripe_events has no policy and no grant: server-side bookkeeping only.
