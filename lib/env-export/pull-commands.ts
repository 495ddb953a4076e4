const THIS_MACHINE = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The two commands the Export page gives: fetch the pull tool from this Switchboard (once, into
 * the home folder, out of any repository), then pull. Anywhere but this machine curl may only use
 * https, redirects included: a tool fetched over plain http could be swapped on the way, and it
 * runs with the export key in its environment. (`pull` holds the key to the same rule.)
 */
export function pullCommands(origin: string, orgSlug: string): { fetchTool: string; pull: string } {
  const httpsOnly = THIS_MACHINE.has(new URL(origin).hostname) ? "" : " --proto '=https'";
  return {
    fetchTool: `curl -fsSL${httpsOnly} -o ~/switchboard.cjs ${origin}/switchboard.cjs`,
    pull: `node ~/switchboard.cjs pull --org ${orgSlug} --url ${origin}`,
  };
}
