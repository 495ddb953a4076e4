/** Every request the soak makes, and every write the product acknowledged, kept for the final checks. */
export interface RequestRecord {
  kind: string;
  /** HTTP status; 0 when no answer came (connection refused or reset), -1 when the client gave up. */
  status: number;
  ms: number;
  startedAt: number;
  endedAt: number;
  instance: number;
  /** The provider a setup or re-validation called. */
  provider?: string;
  /** For 5xx: the start of the body, to show what was said. */
  said?: string;
}

export interface FaultWindow {
  name: string;
  startedAt: number;
  /** The fault is over and recovery has had its grace period. */
  endedAt: number;
  /** Statuses allowed inside (besides those allowed everywhere). */
  allowed: number[];
  /** Statuses allowed for requests already under way when the fault began. */
  inFlight: number[];
}

export class Recorder {
  readonly requests: RequestRecord[] = [];
  readonly windows: FaultWindow[] = [];
  /** Audited actions per org and action name: acknowledged, and those whose outcome nobody learned. */
  readonly audits = new Map<string, { acked: number; uncertain: number }>();

  audit(orgId: string, action: string, how: "acked" | "uncertain") {
    const key = `${orgId} ${action}`;
    const entry = this.audits.get(key) ?? { acked: 0, uncertain: 0 };
    entry[how]++;
    this.audits.set(key, entry);
  }

  openWindow(name: string, allowed: number[], inFlight: number[] = []): FaultWindow {
    const w: FaultWindow = { name, startedAt: Date.now(), endedAt: Number.POSITIVE_INFINITY, allowed, inFlight };
    this.windows.push(w);
    return w;
  }

  /** The fault windows a request overlapped. */
  windowsOf(r: RequestRecord): FaultWindow[] {
    return this.windows.filter((w) => r.startedAt <= w.endedAt && r.endedAt >= w.startedAt);
  }
}
