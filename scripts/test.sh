#!/usr/bin/env bash
# `npm test`: every jest project (server code on PGlite, and on PostgreSQL when DATABASE_URL is
# set; components in jsdom), then the browser end-to-end run against a production build.
# Ends with one line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/jest.json test-results/e2e.json test-results/soak.json

# --forceExit: a handle some suite leaves open (a pooled connection or a stream's LISTEN socket)
# must not hold the run past its results; the counts are already written when jest would wait.
node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js \
  --json --outputFile=test-results/jest.json --forceExit
jest_status=$?

node --import tsx test/e2e/run.ts
e2e_status=$?

# The soak's short version: two instances on its own PostgreSQL cluster, 32 clients for 10 s, no
# faults, on the e2e's build (it builds only if there is none). Each of its checks is one result.
SOAK_SECONDS=10 SOAK_FAULTS=0 SOAK_RESULTS=test-results/soak.json npm run -s soak
soak_status=$?

node -e '
const fs = require("fs");
const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return null; } };
const jest = read("test-results/jest.json") ?? { numPassedTests: 0, numFailedTests: 1 };
const e2e = read("test-results/e2e.json") ?? { passed: 0, failed: 1 };
const checks = read("test-results/soak.json")?.checks ?? [{ ok: false }];
const soak = { passed: checks.filter((c) => c.ok).length, failed: checks.filter((c) => !c.ok).length };
console.log(`tests: ${jest.numPassedTests + e2e.passed + soak.passed} passed, ${jest.numFailedTests + e2e.failed + soak.failed} failed`);
'
[ "$jest_status" -eq 0 ] && [ "$e2e_status" -eq 0 ] && [ "$soak_status" -eq 0 ]
