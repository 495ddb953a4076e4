// A request whose Host and X-Forwarded-Host point elsewhere, as any client can send.
jest.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }),
}));

type Module = typeof import("@/lib/net/public-origin");

/** The module as a fresh server process with this environment would load it (env is parsed once, at import). */
function load(vars: Record<string, string | undefined>): Module {
  const saved = { ...process.env };
  Object.assign(process.env, vars);
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  try {
    let mod: Module | undefined;
    jest.isolateModules(() => { mod = jest.requireActual<Module>("@/lib/net/public-origin"); });
    return mod!;
  } finally {
    process.env = saved;
  }
}

describe("the public origin shown in commands and invite links", () => {
  it("is APP_URL when set, whatever the request's Host says", async () => {
    expect(await load({ APP_URL: "https://switchboard.example.com/", PORT: undefined }).publicOrigin())
      .toEqual({ origin: "https://switchboard.example.com", configured: true });
  });

  it("without APP_URL is this machine's address on the port Next listens on, never the request's Host, and says it is not configured", async () => {
    expect(await load({ APP_URL: undefined, PORT: undefined }).publicOrigin()).toEqual({ origin: "http://localhost:3000", configured: false });
    expect(await load({ APP_URL: undefined, PORT: "4123" }).publicOrigin()).toEqual({ origin: "http://localhost:4123", configured: false });
  });
});
