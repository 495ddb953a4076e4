/**
 * The stack analyzer's deterministic pass on the evaluation set: precision and recall.
 * Runs on its own (`node --conditions=react-server --import tsx scripts/bench/stack.ts`) and as part of `npm run bench`.
 */
import { pathToFileURL } from "node:url";
import { loadEvalSet, scoreStack, type StackScore } from "./stack-score";

export function measureStack(): StackScore {
  return scoreStack(loadEvalSet());
}

export function stackLines(s: StackScore): string[] {
  return [
    `| stack analyzer, deterministic pass: precision on ${s.cases} descriptions (${s.proposed} proposals) | ${s.precision.toFixed(3)} | at least 0.9 |`,
    `| stack analyzer, recall (${s.expected} expected integrations) | ${s.recall.toFixed(3)} | at least 0.9 |`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const score = measureStack();
  console.log([`| measure | value | goal |`, `| --- | --- | --- |`, ...stackLines(score)].join("\n"));
  for (const f of score.failures) console.log(`  ${f.id}: missed ${JSON.stringify(f.missed)} wrong ${JSON.stringify(f.wrong)}`);
}
