const MARK = Buffer.from("[redacted by Switchboard]");

/**
 * Replaces every occurrence of the secrets in a byte stream, across chunk boundaries: the last
 * (longest secret − 1) bytes are held back until the next chunk shows whether they start one.
 * Counts the bytes it lets through.
 */
export class Redactor {
  private carry: Buffer = Buffer.alloc(0);
  private readonly secrets: Buffer[];
  private readonly hold: number;
  bytes = 0;

  constructor(secrets: readonly string[]) {
    this.secrets = secrets.filter((s) => s.length > 0).map((s) => Buffer.from(s, "utf8")).sort((a, b) => b.length - a.length);
    this.hold = this.secrets.length ? this.secrets[0].length - 1 : 0;
  }

  push(chunk: Uint8Array): Buffer {
    const all = this.replace(Buffer.concat([this.carry, chunk]));
    const cut = Math.max(0, all.length - this.hold);
    this.carry = all.subarray(cut);
    return this.count(all.subarray(0, cut));
  }

  end(): Buffer {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return this.count(rest);
  }

  private count(b: Buffer): Buffer {
    this.bytes += b.length;
    return b;
  }

  private replace(buf: Buffer): Buffer {
    let out = buf;
    for (const s of this.secrets) {
      let at = out.indexOf(s);
      if (at < 0) continue;
      const parts: Buffer[] = [];
      let from = 0;
      while (at >= 0) {
        parts.push(out.subarray(from, at), MARK);
        from = at + s.length;
        at = out.indexOf(s, from);
      }
      parts.push(out.subarray(from));
      out = Buffer.concat(parts);
    }
    return out;
  }
}

/** True when the text holds any of the secrets. */
export const holdsSecret = (text: string, secrets: readonly string[]) => secrets.some((s) => s.length > 0 && text.includes(s));
