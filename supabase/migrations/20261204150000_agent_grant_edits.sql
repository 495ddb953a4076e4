-- Saving a grant again for the same agent and integration now edits it in place (saveGrant in
-- lib/agents/queries.ts), keeping its id, which the audit trail refers to, and its use count, so a
-- re-save cannot hand out a maximum of uses afresh. An admin may lower the maximum below the uses
-- already spent: the grant is then simply used up (agent_call spends only while uses < max_uses,
-- and listAgentIntegrations reports none left), so the check keeps only uses >= 0. (The check of
-- 20261203120000 names two columns, so PostgreSQL named it agent_grants_check.)
alter table public.agent_grants drop constraint agent_grants_check;
alter table public.agent_grants add constraint agent_grants_uses_check check (uses >= 0);
