-- Whether the stack analyzer may ask a model through the org's own OpenAI or Anthropic credential
-- (lib/stack/model.ts). Off until an admin turns it on: the call spends the org's credits and
-- sends the pasted description to that provider. Members read it through the existing
-- organizations select policy; only the server writes it, from an admin's action.
alter table public.organizations add column stack_model_enabled boolean not null default false;
