import type { CredentialField, ProviderDefinition } from "./types";

/** What a client component may know about a provider's fields: no schemas, no functions. */
export type PublicField = Omit<CredentialField, "schema" | "keptWhenBlank"> & {
  /** Left blank on a replacement, the stored value stays: the form says so and offers to remove it. */
  kept?: boolean;
};

export const publicFields = (p: ProviderDefinition): PublicField[] =>
  p.fields.map(({ name, label, kind, placeholder, help, optional, keptWhenBlank }) => ({ name, label, kind, placeholder, help, optional, kept: Boolean(keptWhenBlank) }));
