import { readFileSync } from "node:fs";
import { join } from "node:path";
import { detectStack } from "@/lib/stack/detect";

/**
 * One case of test/stack/eval-set.json. An expected entry is a provider id, or a list of
 * alternatives of which any one counts ("send email": Resend or SendGrid). `acceptable` ids are
 * reasonable extra proposals that count neither for nor against; `optional` ids must come back
 * marked optional.
 */
export interface EvalCase {
  id: string;
  input: string;
  expected: (string | string[])[];
  acceptable?: string[];
  optional?: string[];
}

export interface CaseScore { id: string; proposed: string[]; missed: (string | string[])[]; wrong: string[] }
export interface StackScore { cases: number; precision: number; recall: number; proposed: number; expected: number; failures: CaseScore[] }

export function loadEvalSet(root = process.cwd()): EvalCase[] {
  return JSON.parse(readFileSync(join(root, "test/stack/eval-set.json"), "utf8")) as EvalCase[];
}

/** Micro-averaged over all cases: every proposal and every expected entry weighs the same. */
export function scoreStack(cases: EvalCase[], detect = (text: string) => detectStack(text).integrations): StackScore {
  let proposedTotal = 0, correct = 0, expectedTotal = 0, found = 0;
  const failures: CaseScore[] = [];
  for (const c of cases) {
    const proposed = detect(c.input).map((i) => i.provider);
    const set = new Set(proposed);
    const allowed = new Set([...c.expected.flat(), ...(c.acceptable ?? [])]);
    const wrong = proposed.filter((p) => !allowed.has(p));
    const missed = c.expected.filter((e) => (Array.isArray(e) ? !e.some((id) => set.has(id)) : !set.has(e)));
    proposedTotal += proposed.length;
    correct += proposed.length - wrong.length;
    expectedTotal += c.expected.length;
    found += c.expected.length - missed.length;
    if (wrong.length || missed.length) failures.push({ id: c.id, proposed, missed, wrong });
  }
  return {
    cases: cases.length, proposed: proposedTotal, expected: expectedTotal, failures,
    precision: proposedTotal === 0 ? 1 : correct / proposedTotal,
    recall: expectedTotal === 0 ? 1 : found / expectedTotal,
  };
}
