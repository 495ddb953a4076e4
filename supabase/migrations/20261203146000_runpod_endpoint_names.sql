-- A RunPod endpoint's name is what tells it apart in the list: two live endpoints of one org may
-- not share one (case-insensitively). The index is the guarantee under concurrency; the create
-- path also checks first so RunPod is not asked to make an endpoint that would be refused.
-- A deleted endpoint (provider_state 'deleted') frees its name.

-- Endpoints created twice under one name before this index: the later ones gain their RunPod id.
with ranked as (
  select id, row_number() over (partition by org_id, lower(name) order by created_at, id) as n
  from public.deployments
  where kind = 'runpod' and provider_state is distinct from 'deleted'
)
update public.deployments d
set name = left(d.name, 50) || ' (' || left(coalesce(d.provider_ref->>'endpointId', d.id::text), 24) || ')'
from ranked r
where r.id = d.id and r.n > 1;

create unique index deployments_runpod_live_name_key on public.deployments (org_id, lower(name))
  where kind = 'runpod' and provider_state is distinct from 'deleted';
