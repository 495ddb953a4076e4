/**
 * `npm run bench`: ratios measured within one run on one machine (absolute times vary by machine).
 * (a) the integrations page for an org with 30 integrations among 10,000 orgs, against the trivial
 *     dynamic /status page on the same server; (b) vault unseal throughput against raw AES-256-GCM
 *     in the same process; (c) KMS calls to read 50 credentials of one org, cold then warm;
 *     the stack analyzer's deterministic pass on test/stack/eval-set.json (alone: scripts/bench/stack.ts);
 *     an event committed by another instance until read from next start's SSE stream (PostgreSQL only);
 *     and outgoing webhooks: the outbox's cost on appending an event, and deliveries per second (scripts/bench/webhooks.ts);
 *     agents: a proxied call to a loopback provider against the same call direct (scripts/bench/agents.ts);
 *     (d) storing a credential against pgcrypto's pgp_sym_encrypt + insert + audit row, 4 clients each (PostgreSQL only, scripts/bench/writes.ts);
 *     (e) 20 credentials of 20 providers re-validated at once against the slowest single check (scripts/bench/revalidate.ts).
 * Needs a production build (`npm run build`); uses PostgreSQL when DATABASE_URL is set, else PGlite.
 */
import { existsSync } from "node:fs";
import { agentLines, measureAgents } from "./bench/agents";
import { writeFile } from "node:fs/promises";
import { measureDeployments } from "./bench/deployments";
import { measureEvents } from "./bench/events";
import { measurePage } from "./bench/page";
import { measureRevalidate, revalidateLines } from "./bench/revalidate";
import { measureStack, stackLines } from "./bench/stack";
import { measureKmsCalls, measureUnseal } from "./bench/vault";
import { measureWebhooks, webhookLines } from "./bench/webhooks";
import { measureWrites, writeLines } from "./bench/writes";

async function main() {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
  const page = await measurePage(process.env.DATABASE_URL);
  const unseal = await measureUnseal();
  const kms = await measureKmsCalls();
  const stack = measureStack();
  const events = await measureEvents(process.env.DATABASE_URL);
  const webhooks = await measureWebhooks();
  const deployments = await measureDeployments(process.env.DATABASE_URL);
  const agents = await measureAgents(process.env.DATABASE_URL);
  const writes = await measureWrites(process.env.DATABASE_URL);
  const revalidate = await measureRevalidate(process.env.DATABASE_URL);
  const results = { page, unseal, kms, stack: { cases: stack.cases, precision: stack.precision, recall: stack.recall }, events, webhooks, deployments, agents, writes, revalidate };
  await writeFile("bench-results.json", JSON.stringify(results, null, 2));
  const lines = [
    `| measure | value | goal |`,
    `| --- | --- | --- |`,
    `| (a) integrations page / trivial dynamic page, median (${page.database}, 10,000 orgs, 30 integrations) | ${page.medianRatio.toFixed(2)} (${page.integrations.median.toFixed(1)} ms / ${page.baseline.median.toFixed(1)} ms) | at most 1.5 |`,
    `| (a) same, p99 | ${page.p99Ratio.toFixed(2)} (${page.integrations.p99.toFixed(1)} ms / ${page.baseline.p99.toFixed(1)} ms) | at most 1.5 |`,
    `| (b) vault unseal / raw AES-256-GCM throughput | ${unseal.ratio.toFixed(2)} (${Math.round(unseal.vaultPerSecond)} / ${Math.round(unseal.rawPerSecond)} per second) | at least 0.5 |`,
    `| (c) KMS calls to read 50 credentials of one org, cold / warm | ${kms.cold} / ${kms.warm} | 1 / 0 |`,
    ...stackLines(stack),
    events
      ? `| live events: an event committed on another instance to read from the SSE stream, median / p99 (PostgreSQL) | ${events.median.toFixed(1)} ms / ${events.p99.toFixed(1)} ms | median at most 100 ms |`
      : `| live events: an event committed to read from the SSE stream | not measured: needs PostgreSQL (set DATABASE_URL) | median at most 100 ms |`,
    ...webhookLines(webhooks),
    deployments
      ? `| deployments: a deployment event written by the follower on one instance to read from the deployment page's SSE stream on another, median / p99 (PostgreSQL) | ${deployments.median.toFixed(1)} ms / ${deployments.p99.toFixed(1)} ms | median at most 100 ms (the earlier monitor polled every 5,000 ms) |`
      : `| deployments: a deployment event written to read from the deployment page's SSE stream | not measured: needs PostgreSQL (set DATABASE_URL) | median at most 100 ms |`,
    ...agentLines(agents),
    ...writeLines(writes),
    ...revalidateLines(revalidate),
  ];
  console.log(lines.join("\n"));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error("bench failed:", err);
    process.exit(1);
  },
);
