import { ruleAllows } from "@/lib/agents/paths";
import { presetsFor } from "@/lib/agents/presets";
import type { ProxyRule } from "@/lib/agents/types";
import type { Db } from "@/lib/db/types";
import { providers } from "@/lib/providers";
import { dbKinds, freshDb } from "../helpers/db";

// Every preset a provider offers, and patterns that test each kind of segment.
const RULES: ProxyRule[][] = [
  ...providers.flatMap((p) => presetsFor(p).map((preset) => preset.rules)),
  [{ methods: ["GET"], paths: ["/v1/models"] }],
  [{ methods: ["GET", "POST"], paths: ["/v1/*", "/v1/models/*/extra"] }],
  [{ methods: ["DELETE"], paths: ["/v1/**"] }, { methods: ["GET"], paths: ["/v2/**"] }],
  [{ methods: ["GET"], paths: ["/v1/models/**"] }],
  [{ methods: ["GET"], paths: ["/*/models"] }],
  [{ methods: ["HEAD"], paths: ["/v1/a.b", "/v1/models/a.b"] }],
  [],
];

const PATHS: string[][] = [
  ["v1"], ["v1", "models"], ["v1", "models", "gpt-4o"], ["v1", "models", "gpt-4o", "extra"], ["v2", "models"], ["V1", "models"],
  ["v1", "files"], ["v1", "*"], ["v1", "**"], ["v1", "mödels"], ["v1", "models", "a.b"], ["v1", "chat", "completions"],
];
const METHODS = ["GET", "HEAD", "POST", "DELETE"];

// The call's statement decides what it spends with public.agent_rules_allow, and the broker names
// its refusals with ruleAllows: the two must agree on every method and path.
describe.each(dbKinds)("the SQL grant rules on %s", (kind) => {
  let db: Db;
  beforeAll(async () => { db = await freshDb(kind); }, 120_000);
  afterAll(() => db.close());

  it("allow exactly what ruleAllows allows", async () => {
    for (const rules of RULES) {
      for (const method of METHODS) {
        for (const segments of PATHS) {
          const { rows } = await db.query<{ allowed: boolean }>(`select public.agent_rules_allow($1::jsonb, $2, $3) as allowed`, [JSON.stringify(rules), method, segments]);
          const js = ruleAllows(rules, method, segments);
          expect({ rules, method, segments, allowed: rows[0].allowed }).toEqual({ rules, method, segments, allowed: js.method && js.path });
        }
      }
    }
  });
});
