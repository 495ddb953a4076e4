import type { ProviderDefinition } from "./types";

/** What a client component may know about a provider's fields: no schemas, no functions. */
export interface PublicField {
  name: string;
  label: string;
  kind: "secret" | "text" | "json";
  placeholder?: string;
  help?: string;
  optional?: boolean;
}

export const publicFields = (p: ProviderDefinition): PublicField[] =>
  p.fields.map(({ name, label, kind, placeholder, help, optional }) => ({ name, label, kind, placeholder, help, optional }));
