// See test/helpers/node-environment.cjs: the real package, loaded outside jest's sandbox.
if (!globalThis.__octokitWebhooksMethods) throw new Error("@octokit/webhooks-methods needs the server test environment (test/helpers/node-environment.cjs)");
module.exports = globalThis.__octokitWebhooksMethods;
