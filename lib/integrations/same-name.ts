/**
 * Whether two credential names name the same credential: names are unique regardless of letter
 * case (the integrations_name_ignoring_case index), so a lookup by name ignores it too. The name
 * rule (credentialNameSchema) allows ASCII only, where toLowerCase is lower() in PostgreSQL.
 */
export const sameCredentialName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
