/**
 * How the GPU panel orders and filters the catalog: plain functions over plain rows, shared by the
 * server (which sends the rows) and the panel (which filters as the person types).
 */
export type Availability = "NONE" | "LOW" | "MEDIUM" | "HIGH";

export interface GpuRow {
  id: string;
  name: string;
  pool: string | null;
  memoryGb: number;
  price: { secure: number | null; community: number | null; serverless: number | null };
  availability: Availability;
}

export const AVAILABILITY_RANK: Record<Availability, number> = { HIGH: 3, MEDIUM: 2, LOW: 1, NONE: 0 };
export const AVAILABILITY_WORD: Record<Availability, string> = { HIGH: "High", MEDIUM: "Medium", LOW: "Low", NONE: "None" };

/** Memory floors offered by the filter, in GB. */
export const MEMORY_FLOORS = [0, 16, 24, 48, 80] as const;

/** The one price a row is compared by: serverless when offered, else the lowest pod price. */
export function headlinePrice(g: GpuRow): number | null {
  const prices = [g.price.serverless, g.price.community, g.price.secure].filter((p): p is number => p !== null && p > 0);
  return g.price.serverless ?? (prices.length ? Math.min(...prices) : null);
}

/** What can be rented first, then cheapest, then the most memory; names break ties so the order is stable. */
export function sortGpus<T extends GpuRow>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) =>
    AVAILABILITY_RANK[b.availability] - AVAILABILITY_RANK[a.availability]
    || (headlinePrice(a) ?? Infinity) - (headlinePrice(b) ?? Infinity)
    || b.memoryGb - a.memoryGb
    || a.name.localeCompare(b.name));
}

export function filterByMemory<T extends GpuRow>(rows: readonly T[], minGb: number): T[] {
  return rows.filter((g) => g.memoryGb >= minGb);
}

/** The highest price of the table, which a full price bar stands for. */
export function priceScale(rows: readonly GpuRow[]): number {
  return Math.max(0, ...rows.flatMap((g) => [g.price.secure, g.price.community, g.price.serverless]).filter((p): p is number => p !== null));
}

export const usd = (v: number | null) => (v === null || v <= 0 ? "—" : `$${v.toFixed(2)}`);
