// @vercel/sdk ships ES modules only (type: module), which Jest refuses to require() from the
// CommonJS it compiles the suites to. The package also ships its TypeScript sources: tests load
// those instead (compiled like our own code), so the suites run the same SDK code production does.
const path = require("node:path");

const SDK_SRC = path.resolve(__dirname, "../../node_modules/@vercel/sdk/src") + path.sep;

module.exports = (request, options) => {
  const sub = /^@vercel\/sdk\/(.+)\.js$/.exec(request);
  if (sub) return path.join(SDK_SRC, `${sub[1]}.ts`);
  if ((options.basedir + path.sep).startsWith(SDK_SRC) && request.startsWith(".") && request.endsWith(".js")) {
    return path.resolve(options.basedir, `${request.slice(0, -3)}.ts`);
  }
  return options.defaultResolver(request, options);
};
