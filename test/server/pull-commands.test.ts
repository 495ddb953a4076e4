import { pullCommands } from "@/lib/env-export/pull-commands";

describe("the Export page's pull commands", () => {
  it("fetch the tool over https only, redirects included, from anywhere but this machine", () => {
    expect(pullCommands("https://switchboard.example.com", "acme")).toEqual({
      fetchTool: "curl -fsSL --proto '=https' -o ~/switchboard.cjs https://switchboard.example.com/switchboard.cjs",
      pull: "node ~/switchboard.cjs pull --org acme --url https://switchboard.example.com",
    });
    // Behind a proxy that drops X-Forwarded-Proto the origin reads http: curl then refuses rather than fetch it in the clear.
    expect(pullCommands("http://switchboard.example.com", "acme").fetchTool).toContain("--proto '=https'");
  });

  it("allow plain http to this machine, as pull does", () => {
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]) {
      expect(pullCommands(origin, "acme").fetchTool).toBe(`curl -fsSL -o ~/switchboard.cjs ${origin}/switchboard.cjs`);
    }
  });
});
