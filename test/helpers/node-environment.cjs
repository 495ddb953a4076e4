// The server suites' environment: jest's node environment, plus @octokit/webhooks-methods. That
// package is ESM only (its exports offer just an "import" condition), which jest's module system
// cannot load into a CommonJS suite; Node's own require (require(esm), Node 20.19+) can, here
// outside the sandbox. test/helpers/octokit-webhooks-methods.cjs hands this real, unmodified
// module to whatever imports the package inside a suite.
const path = require("node:path");
const { TestEnvironment } = require("jest-environment-node");

class ServerEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__octokitWebhooksMethods = require(path.join(__dirname, "../../node_modules/@octokit/webhooks-methods/dist-node/index.js"));
  }
}

module.exports = ServerEnvironment;
