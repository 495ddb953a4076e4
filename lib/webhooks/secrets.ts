import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/types";
import { toBuffer } from "@/lib/vault/org-keys";
import type { SealedSecret, Vault } from "@/lib/vault/vault";

/** The vault binds a sealed value to (org, row, kind): this kind names a subscription's signing secret. */
export const SUBSCRIPTION_SECRET_KIND = "webhook_subscription";

export const subscriptionSecretRef = (orgId: string, subscriptionId: string, secretVersion: number) =>
  ({ orgId, integrationId: subscriptionId, provider: SUBSCRIPTION_SECRET_KIND, secretVersion });

/** A Standard Webhooks secret: whsec_ and 32 random bytes in base64. */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

/** What the page shows of a secret: its last four characters. */
export const secretFingerprint = (secret: string) => `…${secret.slice(-4)}`;

export interface SealedColumns { keyVersion: number | null; iv: Uint8Array | null; ciphertext: Uint8Array | null; authTag: Uint8Array | null }

export function openSubscriptionSecret(db: Db, vault: Vault, orgId: string, subscriptionId: string, secretVersion: number, c: SealedColumns): Promise<string> {
  if (c.keyVersion === null || !c.iv || !c.ciphertext || !c.authTag) throw new Error("this subscription has no sealed secret");
  const sealed: SealedSecret = { keyVersion: c.keyVersion, secretVersion, iv: toBuffer(c.iv), ciphertext: toBuffer(c.ciphertext), authTag: toBuffer(c.authTag) };
  return vault.open(db, subscriptionSecretRef(orgId, subscriptionId, secretVersion), sealed);
}
