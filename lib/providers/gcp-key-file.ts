import { credentialSchema, otherProviderHint } from "./format";

/** The fields of a Google service-account key file that Switchboard uses. */
export interface ServiceAccount {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  project_id: string;
}

const REQUIRED = ["type", "client_email", "private_key", "project_id"] as const;

const list = (names: string[]) => (names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/**
 * Reads a pasted key file and says exactly what is wrong with it, in the words the user needs
 * (google-auth-library only says "does not contain a client_email field", one field at a time).
 */
export function readServiceAccount(text: string): { account: ServiceAccount } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: "This is not valid JSON. Paste the whole key file, from the opening { to the closing }." };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { problem: "This JSON is not a key file. Paste the whole service-account key file, from the opening { to the closing }." };
  }
  const json = parsed as Record<string, unknown>;
  const missing = REQUIRED.filter((name) => typeof json[name] !== "string" || (json[name] as string).trim() === "");
  if (missing.length > 0) {
    return { problem: `The key file is missing ${list([...missing])}. Download a new JSON key from the service account's Keys tab.` };
  }
  if (json.type === "authorized_user") {
    return { problem: 'This is a user credential from gcloud (type "authorized_user"), not a service-account key. Create a JSON key for a service account instead.' };
  }
  if (json.type !== "service_account") {
    return { problem: `This JSON has type "${String(json.type).slice(0, 40)}"; a service-account key file has type "service_account".` };
  }
  if (!/^[^@\s]+@[^@\s]+$/.test(json.client_email as string)) return { problem: "client_email is not an email address; the key file looks edited." };
  if (!/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/.test(json.private_key as string)) {
    return { problem: "private_key is not a PEM private key (it should begin with -----BEGIN PRIVATE KEY-----). Download a new JSON key." };
  }
  const id = json.private_key_id;
  return {
    account: {
      client_email: json.client_email as string,
      // Keys copied through an env file often arrive with literal "\n" instead of line breaks.
      private_key: (json.private_key as string).replace(/\\n/g, "\n"),
      private_key_id: typeof id === "string" && id !== "" ? id : undefined,
      project_id: json.project_id as string,
    },
  };
}

export const serviceAccountJson = credentialSchema((text) => {
  if (text === "") return "Paste the contents of the service account's JSON key file.";
  const other = otherProviderHint(text, "gcp");
  if (other) return other;
  const read = readServiceAccount(text);
  return "problem" in read ? read.problem : null;
});

/** The base64 lines of the PEM: what a provider could echo back, without the public header. */
export function pemSecrets(pem: string): string[] {
  const lines = pem.split(/\r?\n/).filter((line) => line.trim() !== "" && !line.startsWith("-----"));
  return [...lines, lines.join("")];
}
