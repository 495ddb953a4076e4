"use client";

import { useId, useMemo, useState } from "react";
import { GlassPanel } from "@/components/ui/glass-panel";
import { cn } from "@/components/ui/cn";
import { AVAILABILITY_RANK, AVAILABILITY_WORD, MEMORY_FLOORS, filterByMemory, priceScale, sortGpus, usd, type Availability, type GpuRow } from "@/lib/runpod/gpu-table";

interface Props {
  gpus: GpuRow[];
  /** When RunPod was asked (ms); the cache answers for 60 s after. */
  fetchedAt: number;
  chosenId: string | null;
  /** Absent for members: they may look, only admins create endpoints. */
  onChoose?: (gpu: GpuRow) => void;
}

// Word, bar count and colour together: availability is never told by colour alone.
const MARK_COLOUR: Record<Availability, string> = { HIGH: "bg-success", MEDIUM: "bg-warning", LOW: "bg-[#f97316]", NONE: "bg-fg-faint" };

function AvailabilityMark({ level }: { level: Availability }) {
  const filled = AVAILABILITY_RANK[level];
  return (
    <span className="inline-flex items-center gap-2">
      <span aria-hidden="true" className="inline-flex items-end gap-0.5">
        {[1, 2, 3].map((n) => (
          <span key={n} className={cn("w-1.5 rounded-sm", n <= filled ? MARK_COLOUR[level] : "bg-white/10")} style={{ height: 4 + n * 4 }} />
        ))}
      </span>
      <span className={level === "NONE" ? "text-fg-muted" : "text-fg"}>{AVAILABILITY_WORD[level]}</span>
    </span>
  );
}

function PriceBar({ value, scale, tone }: { value: number | null; scale: number; tone: string }) {
  const width = value && scale ? Math.max(4, Math.round((value / scale) * 100)) : 0;
  return (
    <span className="flex min-w-24 items-center gap-2">
      <span className="tabular-nums w-12 text-right">{usd(value)}</span>
      <span aria-hidden="true" className="h-1.5 flex-1 rounded-full bg-white/5">
        {width > 0 && <span className={cn("block h-full rounded-full", tone)} style={{ width: `${width}%` }} />}
      </span>
    </span>
  );
}

/** Every GPU type RunPod offers, as a table to scan: what can be had, how much memory, what it costs. */
export function GpuPanel({ gpus, fetchedAt, chosenId, onChoose }: Props) {
  const [minGb, setMinGb] = useState(0);
  const filterId = useId();
  const rows = useMemo(() => sortGpus(filterByMemory(gpus, minGb)), [gpus, minGb]);
  const scale = useMemo(() => priceScale(gpus), [gpus]);
  const checked = new Date(fetchedAt).toISOString().slice(11, 19);

  return (
    <GlassPanel as="section" aria-labelledby="gpu-panel-title" className="p-5 sm:p-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="gpu-panel-title" className="text-lg font-medium text-white">GPU availability and prices</h2>
          <p className="mt-1 text-sm text-fg-muted">
            Per GPU per hour, from RunPod at {checked} UTC (asked at most once a minute). Availability is for serverless workers.
          </p>
        </div>
        <div className="flex items-center gap-2 text-sm">
          <label htmlFor={filterId} className="text-fg-muted">Memory at least</label>
          <select
            id={filterId}
            value={minGb}
            onChange={(e) => setMinGb(Number(e.target.value))}
            className="focus-ring rounded-lg border border-line-strong bg-surface-2 px-2 py-1.5 text-fg"
          >
            {MEMORY_FLOORS.map((gb) => <option key={gb} value={gb}>{gb === 0 ? "Any" : `${gb} GB`}</option>)}
          </select>
        </div>
      </div>
      {/* relative: the sr-only header text is absolutely placed; without a positioned ancestor inside
          the scroller it is placed past the table's right edge on the page, which then scrolls sideways. */}
      <div className="relative mt-4 overflow-x-auto">
        <table className="w-full min-w-[44rem] border-separate border-spacing-y-1 text-sm" aria-describedby="gpu-panel-legend">
          <caption className="sr-only">GPU types sorted by availability, then price</caption>
          <thead>
            <tr className="text-left text-xs uppercase tracking-wide text-fg-muted">
              <th scope="col" className="px-3 py-2 font-medium">GPU</th>
              <th scope="col" className="px-3 py-2 font-medium">Memory</th>
              <th scope="col" className="px-3 py-2 font-medium">Availability</th>
              <th scope="col" className="px-3 py-2 font-medium">Serverless</th>
              <th scope="col" className="px-3 py-2 font-medium">Secure cloud</th>
              <th scope="col" className="px-3 py-2 font-medium">Community cloud</th>
              {onChoose && <th scope="col" className="px-3 py-2"><span className="sr-only">Choose</span></th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((g, i) => {
              const chosen = g.id === chosenId;
              const noneId = `${filterId}-none-${i}`;
              return (
                <tr key={g.id} data-gpu={g.id} className={cn("bg-white/[0.03]", chosen && "bg-accent/15 outline outline-1 outline-accent/60", g.availability === "NONE" && "text-fg-muted")}>
                  <th scope="row" className="rounded-l-lg px-3 py-2 text-left font-medium text-white">
                    {g.name}
                    <span className="block text-xs font-normal text-fg-muted">{g.pool ? `pool ${g.pool}` : "pods only"}</span>
                  </th>
                  <td className="px-3 py-2 tabular-nums">{g.memoryGb} GB</td>
                  <td className="px-3 py-2"><AvailabilityMark level={g.availability} /></td>
                  <td className="px-3 py-2"><PriceBar value={g.price.serverless} scale={scale} tone="bg-accent" /></td>
                  <td className="px-3 py-2"><PriceBar value={g.price.secure} scale={scale} tone="bg-white/60" /></td>
                  <td className={cn("px-3 py-2", !onChoose && "rounded-r-lg")}><PriceBar value={g.price.community} scale={scale} tone="bg-white/35" /></td>
                  {onChoose && (
                    <td className="rounded-r-lg px-3 py-2 text-right">
                      {g.pool ? (
                        <>
                          <button
                            type="button"
                            onClick={() => onChoose(g)}
                            aria-pressed={chosen}
                            aria-label={`Use ${g.name} for the endpoint`}
                            // No serverless worker of this type can be had now: an endpoint on it would wait, never start.
                            disabled={g.availability === "NONE"}
                            aria-describedby={g.availability === "NONE" ? noneId : undefined}
                            className="focus-ring rounded-lg border border-line-strong px-3 py-1 text-sm text-fg hover:bg-white/10 aria-pressed:border-accent aria-pressed:text-white disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-transparent"
                          >
                            {chosen ? "Chosen" : "Use"}
                          </button>
                          {g.availability === "NONE" && <span id={noneId} className="block pt-1 text-xs text-fg-muted">none free now</span>}
                        </>
                      ) : (
                        <span className="text-xs text-fg-muted">no serverless</span>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && <p className="px-3 py-6 text-center text-sm text-fg-muted">No GPU type has that much memory. Lower the filter.</p>}
      </div>
      <p id="gpu-panel-legend" className="mt-3 text-xs text-fg-muted">
        Bars compare prices across the table; a dash means not offered there. Availability bars: three for high, none filled for none.
      </p>
    </GlassPanel>
  );
}
