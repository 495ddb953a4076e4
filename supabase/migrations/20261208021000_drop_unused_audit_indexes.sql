-- The validation rate limit counted people's attempts in audit_events through these two indexes
-- (20261122010000_health.sql). It has counted its own ledger since (provider_checks and
-- provider_check_counts, 20261203090100 and 20261203151000), and no query reads audit_events by
-- actor and time any more, so every audit row of a save or a check paid for two index entries
-- nobody used. The trail's own indexes (by org, by agent) stay.
drop index if exists public.audit_events_validation_actor_idx;
drop index if exists public.audit_events_validation_org_idx;
