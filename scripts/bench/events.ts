import { migrate } from "../../lib/db/migrate";
import { openPostgres } from "../../lib/db/postgres";
import { appendEvent } from "../../lib/events/append";
import { startApp } from "../../test/e2e/server";
import { scratchDatabase } from "../../test/helpers/scratch-database";
import { sseReader } from "../../test/helpers/sse";
import { seedSignedInOrg, stats } from "./common";

const ROUNDS = 200;

/**
 * An event committed by one instance (this process, writing to the database as any instance
 * does) until it is read from the SSE stream that a `next start` instance serves over HTTP:
 * NOTIFY, the feed's read by id and the stream, one event at a time. PostgreSQL only: the
 * embedded database belongs to its one process, so no second writer exists there.
 */
export async function measureEvents(databaseUrl: string | undefined) {
  if (!databaseUrl) return null;
  const scratch = await scratchDatabase(databaseUrl, "sb_bench_events");
  const db = openPostgres(scratch.url, 2);
  try {
    await migrate(db);
    const { orgId, token } = await seedSignedInOrg(db, "bench-events", "Bench events", "owner");
    const app = await startApp({ DATABASE_URL: scratch.url });
    const abort = new AbortController();
    try {
      const res = await fetch(`${app.url}/api/events/bench-events`, { headers: { cookie: `sb_session=${token}` }, signal: abort.signal });
      if (res.status !== 200) throw new Error(`the event stream answered ${res.status}`);
      const stream = sseReader(res);
      await stream.next(); // connected: the feed is subscribed
      const latencies: number[] = [];
      for (let i = 1; i <= ROUNDS + 20; i++) {
        const started = performance.now();
        await db.transaction((tx) => appendEvent(tx, {
          orgId, type: "credential.renamed",
          data: { integrationId: "00000000-0000-4000-8000-000000000001", provider: "openai", name: `n${i}`, from: `n${i - 1}` },
        }));
        const event = await stream.nextEvent();
        if (event?.id !== String(i)) throw new Error(`expected event ${i}, got ${event?.id}`);
        if (i > 20) latencies.push(performance.now() - started); // the first 20 warm up
      }
      abort.abort();
      return stats(latencies);
    } finally {
      await app.stop();
    }
  } finally {
    await db.close();
    await scratch.drop();
  }
}
