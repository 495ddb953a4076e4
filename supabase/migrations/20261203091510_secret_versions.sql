-- A credential's secret version, bound into its ciphertext's AAD (lib/vault/vault.ts secretAad):
-- every replacement of the secret moves it on, so an older ciphertext written back over the
-- secret (the same integration id, so the old AAD would otherwise still match) no longer opens.
-- The vault reads the version from this row, never from integration_secrets, so putting back an
-- old secrets row brings no old version with it.
--
-- Rows that exist now get 0: their ciphertexts were sealed before versions existed, and version 0
-- keeps that original AAD shape so they still open. SQL cannot re-seal them (that needs the
-- key-encryption key), so each gains the protection at its next replacement, which seals
-- version 1 or later under the new shape; a version-0 ciphertext never opens at version >= 1.
-- New rows start at 1.
alter table public.integrations add column secret_version integer not null default 0;
alter table public.integrations alter column secret_version set default 1;

-- The version only moves forward, so the old version cannot be put back along with an old
-- ciphertext by an update either.
create function public.secret_version_moves_forward() returns trigger language plpgsql as $$
begin
  if new.secret_version < old.secret_version then
    raise exception 'integrations.secret_version only moves forward';
  end if;
  return new;
end
$$;
create trigger integrations_secret_version_forward before update of secret_version on public.integrations
  for each row execute function public.secret_version_moves_forward();
