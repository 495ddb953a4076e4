import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: "./" });

const common = {
  moduleNameMapper: {
    "^@/(.*)$": "<rootDir>/$1",
    // server-only throws outside React's server condition; in tests every module is server-side.
    "^server-only$": "<rootDir>/test/helpers/empty.cjs",
    "^@octokit/webhooks-methods$": "<rootDir>/test/helpers/octokit-webhooks-methods.cjs",
  },
  testPathIgnorePatterns: ["/node_modules/", "/.next/", "/test/e2e/"],
  // Loads @vercel/sdk from its TypeScript sources (it ships ES modules only): see the file.
  resolver: "<rootDir>/test/helpers/jest-resolver.cjs",
};

const server = await createJestConfig({
  ...common,
  displayName: "server",
  testEnvironment: "<rootDir>/test/helpers/node-environment.cjs",
  testMatch: ["<rootDir>/test/server/**/*.test.ts"],
})();

const components = await createJestConfig({
  ...common,
  displayName: "components",
  testEnvironment: "jsdom",
  testMatch: ["<rootDir>/test/components/**/*.test.tsx"],
  setupFilesAfterEnv: ["<rootDir>/test/helpers/jest-dom.ts"],
})();


export default { projects: [server, components], testTimeout: 30_000 };
