-- PostgreSQL regular expressions allow at most 255 repetitions, so the role ARN check of
-- 20261203120000 ({1,512}) refused every grant naming a role. The length goes in its own check.
alter table public.agent_grants drop constraint agent_grants_aws_role_arn_check;
alter table public.agent_grants add constraint agent_grants_aws_role_arn_check
  check (length(aws_role_arn) <= 600 and aws_role_arn ~ '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$');
