import { cidrProblem, setGrantSchema } from "@/lib/zod/agents";

describe("agent form input", () => {
  it("refuses IPv6 blocks with bits set past the prefix, as PostgreSQL's cidr would (with a sentence, not a failed insert)", () => {
    for (const ok of ["2001:db8::/32", "2001:db8::/64", "::/0", "::1/128", "::ffff:1.2.3.0/120", "2001:db8::1", "203.0.113.0/24"]) expect(cidrProblem(ok)).toBeNull();
    for (const bad of ["2001:db8::1/64", "fe80::1:0:0:0/64", "::ffff:1.2.3.4/120", "203.0.113.7/24"]) expect(cidrProblem(bad)).toMatch(/has bits set past/);
  });

  it("takes a grant's target only as a provider's default or a credential's uuid", () => {
    const base = { orgSlug: "acme", agentId: "3f1c6a52-9d1e-4c55-a0b7-5a2f3d4e6b70" };
    expect(setGrantSchema.safeParse({ ...base, target: "default:openai" }).success).toBe(true);
    expect(setGrantSchema.safeParse({ ...base, target: "3f1c6a52-9d1e-4c55-a0b7-5a2f3d4e6b71" }).success).toBe(true);
    for (const target of ["a".repeat(36), "-".repeat(36), "default:../x", ""]) {
      const r = setGrantSchema.safeParse({ ...base, target });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toBe("Pick a credential or a provider's default.");
    }
  });
});
