import type { ProxyMethod, ProxyRule } from "./types";
import { PROXY_METHODS } from "./types";

/**
 * The path an agent asked for, as decoded segments, or null when it could climb or confuse: "." and
 * "..", empty segments, and segments holding a slash, backslash or control character once decoded
 * (an encoded "/" must not let "/v1/models%2F..%2Fadmin" match "/v1/models/*"). Matching and
 * forwarding both use these segments, so what was checked is what is sent.
 */
export function pathSegments(segments: readonly string[]): string[] | null {
  if (segments.length === 0 || segments.length > 64) return null;
  for (const s of segments) {
    if (s === "" || s === "." || s === ".." || s.length > 512 || /[/\\\u0000-\u001f\u007f]/.test(s)) return null;
  }
  return [...segments];
}

/** The path to forward: each segment percent-encoded again, as the provider will decode it. */
export const encodePath = (segments: readonly string[]) => `/${segments.map(encodeURIComponent).join("/")}`;

/** A pattern is absolute, its segments literal, "*" (one segment) or "**" (the rest, last only). */
export function patternProblem(pattern: string): string | null {
  if (!pattern.startsWith("/")) return `"${pattern}" must start with /.`;
  if (pattern.length > 200) return "A path pattern has at most 200 characters.";
  const parts = pattern.slice(1).split("/");
  for (const [i, p] of parts.entries()) {
    if (p === "**" && i !== parts.length - 1) return `"${pattern}": ** may only end a pattern.`;
    if (p === "" || p === "." || p === ".." || (p.includes("*") && p !== "*" && p !== "**")) return `"${pattern}" has a segment that is not a name, * or **.`;
    if (!/^[A-Za-z0-9._~:@!$&'()+,;=*-]+$/.test(p)) return `"${pattern}" has characters a path segment cannot hold.`;
  }
  return null;
}

export function pathMatches(pattern: string, segments: readonly string[]): boolean {
  const parts = pattern.slice(1).split("/");
  for (const [i, p] of parts.entries()) {
    if (p === "**") return segments.length > i;
    if (i >= segments.length) return false;
    if (p !== "*" && p !== segments[i]) return false;
  }
  return parts.length === segments.length;
}

export const isProxyMethod = (m: string): m is ProxyMethod => (PROXY_METHODS as readonly string[]).includes(m);

/** Whether some rule allows this method on this path. */
export function ruleAllows(rules: readonly ProxyRule[], method: string, segments: readonly string[]): { method: boolean; path: boolean } {
  const forMethod = rules.filter((r) => (r.methods as string[]).includes(method));
  return { method: forMethod.length > 0, path: forMethod.some((r) => r.paths.some((p) => pathMatches(p, segments))) };
}
