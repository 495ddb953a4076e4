import "server-only";
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import type { ValidationContext } from "@/lib/providers/types";
import { AgentRefusal } from "./errors";
import type { AgentPrincipal, GrantRow } from "./types";

export interface DerivedAwsCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  region: string;
  expiresAt: Date;
  /** The role assumed, when the grant names one. */
  roleArn: string | null;
}

/**
 * A short-lived credential made for this reveal: AssumeRole when the grant names a role (the
 * session is named after the agent, so CloudTrail shows who used it), else GetSessionToken, both
 * for the grant's duration (15 minutes by default, AWS's minimum). The stored key signs the call
 * (SigV4, by the SDK) and never leaves Switchboard. The global endpoint takes us-east-1 signatures.
 */
export async function deriveAwsCredential(
  ctx: ValidationContext, stored: Record<string, string>, grant: Pick<GrantRow, "awsRoleArn" | "revealSeconds">, agent: AgentPrincipal,
): Promise<DerivedAwsCredential> {
  const client = new STSClient({
    endpoint: ctx.baseUrl("https://sts.amazonaws.com"),
    region: "us-east-1",
    credentials: { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey, sessionToken: stored.sessionToken || undefined },
    maxAttempts: 1,
    customUserAgent: ctx.userAgent,
  });
  const opts = { abortSignal: AbortSignal.timeout(ctx.timeoutMs) };
  try {
    const out = grant.awsRoleArn
      ? await client.send(new AssumeRoleCommand({
        RoleArn: grant.awsRoleArn,
        RoleSessionName: `switchboard-agent-${agent.prefix}`,
        DurationSeconds: grant.revealSeconds,
      }), opts)
      : await client.send(new GetSessionTokenCommand({ DurationSeconds: grant.revealSeconds }), opts);
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error("STS answered without credentials.");
    return {
      accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, region: stored.region ?? "",
      expiresAt: new Date(c.Expiration), roleArn: grant.awsRoleArn,
    };
  } catch (error) {
    // The SDK's error names the AWS code; its message may quote the request, so only the code is kept.
    const code = typeof (error as { name?: unknown })?.name === "string" ? (error as { name: string }).name : "error";
    throw new AgentRefusal("upstream_unreachable", `AWS STS did not issue a temporary credential (${code.slice(0, 60)}). The stored key may lack the permission, or STS could not be reached.`);
  } finally {
    client.destroy();
  }
}
