import { randomBytes } from "node:crypto";

/** The three loopback providers the soak stores keys of, each behind its own fake. */
export type SoakProvider = "openai" | "anthropic" | "stripe";
export const PROVIDERS: SoakProvider[] = ["openai", "anthropic", "stripe"];

/** What a slot may hold: nothing, or one row of that name whose secret ends in `tail`. */
export type Possibility = { present: false } | { present: true; name: string; secret: string };

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const alnum = (n: number) => Array.from(randomBytes(n), (b) => ALNUM[b % ALNUM.length]).join("");

/** A fresh key in the provider's own format; its behaviour is registered with that provider's fake. */
export function newSecret(provider: SoakProvider): string {
  if (provider === "openai") return `sk-proj-${alnum(40)}T3BlbkFJ${alnum(40)}`;
  if (provider === "anthropic") return `sk-ant-api03-${alnum(80)}`;
  return `sk_test_${alnum(40)}`;
}

/** The setup body's credential for a secret (Stripe also takes its publishable key). */
export function credentialOf(provider: SoakProvider, secret: string): string | Record<string, string> {
  return provider === "stripe" ? { secretKey: secret, publishableKey: `pk_test_${secret.slice(8)}` } : secret;
}

export const ENV_NAME: Record<SoakProvider, string> = { openai: "OPENAI_API_KEY", anthropic: "ANTHROPIC_API_KEY", stripe: "STRIPE_SECRET_KEY" };

/**
 * One credential a client owns: one provider in its own org, so no other client touches it and
 * what it holds is known exactly from the acknowledged answers. An answer that never came (a
 * fault) leaves both outcomes possible until a later answer or a read settles it.
 */
export class Slot {
  possible: Possibility[] = [{ present: false }];
  /** The credential id from the last answer that named it (rename takes it). */
  id: string | null = null;
  private counter = 0;

  constructor(readonly client: number, readonly provider: SoakProvider) {}

  get certain(): Possibility | null {
    return this.possible.length === 1 ? this.possible[0] : null;
  }

  freshName(): string {
    return `c${this.client}-${this.provider}-${++this.counter}`;
  }

  /** A write's effect on every possibility: acknowledged replaces them, unknown adds to them. */
  apply(effect: (p: Possibility) => Possibility, acknowledged: boolean) {
    const after = this.possible.map(effect);
    this.possible = dedupe(acknowledged ? after : [...this.possible, ...after]);
  }

  /**
   * What a read (or the final database) showed, by name and fingerprint (the secret's last four):
   * it must be one of the possibilities, which it then becomes.
   */
  settle(seen: Seen): boolean {
    const matching = this.possible.filter((p) => (seen.present ? p.present && p.name === seen.name && `…${p.secret.slice(-4)}` === seen.fingerprint : !p.present));
    if (matching.length > 0) this.possible = matching;
    return matching.length > 0;
  }
}

export type Seen = { present: false } | { present: true; name: string; fingerprint: string };

const same = (a: Possibility, b: Possibility) =>
  a.present === b.present && (!a.present || (b.present && a.name === b.name && a.secret === b.secret));

function dedupe(list: Possibility[]): Possibility[] {
  const out: Possibility[] = [];
  for (const p of list) if (!out.some((q) => same(p, q))) out.push(p);
  return out;
}
