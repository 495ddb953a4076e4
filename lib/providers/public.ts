import type { CredentialField, ProviderDefinition } from "./types";

/** What a client component may know about a provider's fields: no schemas, no functions. */
export type PublicField = Omit<CredentialField, "schema">;

export const publicFields = (p: ProviderDefinition): PublicField[] =>
  p.fields.map(({ name, label, kind, placeholder, help, optional }) => ({ name, label, kind, placeholder, help, optional }));
