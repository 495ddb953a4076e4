import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/audit";
import { getCurrentUser, requestActor } from "@/lib/auth/current-user";
import type { SessionUser } from "@/lib/auth/sessions";
import { getDb, type Db } from "@/lib/db";
import { afterAnswer, traceRefusedAction } from "@/lib/auth/traces";
import { authorizeOrg } from "@/lib/orgs/authorize";
import { DATABASE_DOWN, isDatabaseUnavailable } from "@/lib/db/availability";
import { isKeyServiceDown, KEY_SERVICE_UNAVAILABLE } from "@/lib/vault/vault-types";
import type { Membership, Role } from "@/lib/orgs/queries";

/** The one error contract of every action: expected failures carry a sentence the user can act on. */
export type ActionResult<T = null> =
  | { ok: true; data: T; message?: string }
  | { ok: false; status: number; error: string; fieldErrors?: Record<string, string[]>; data?: T };

export const fail = (status: number, error: string, fieldErrors?: Record<string, string[]>) =>
  ({ ok: false, status, error, fieldErrors }) as const;

export interface UserCtx { db: Db; user: SessionUser; actor: Actor }
export interface OrgCtx extends UserCtx { membership: Membership }

type Payload = FormData | Record<string, unknown>;
const toObject = (p: Payload) => (p instanceof FormData ? Object.fromEntries(p) : p);

function parse<S extends z.ZodType>(schema: S, payload: Payload) {
  const parsed = schema.safeParse(toObject(payload));
  if (parsed.success) return { ok: true as const, data: parsed.data as z.output<S> };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return { ok: false as const, result: fail(400, "Check the highlighted fields.", fieldErrors) };
}

// Unexpected errors are logged with a reference and never echoed: they may carry input.
async function guard<T>(fn: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await fn();
  } catch (err) {
    if (isNextControlFlow(err)) throw err;
    // An outage, not a bug: said as such, and the person can simply try again.
    if (isDatabaseUnavailable(err)) return fail(503, DATABASE_DOWN);
    if (isKeyServiceDown(err)) return fail(503, KEY_SERVICE_UNAVAILABLE);
    const ref = randomUUID().slice(0, 8);
    console.error(`[action ${ref}]`, err instanceof Error ? err.name : "error", err instanceof Error ? err.message.slice(0, 200) : "");
    return fail(500, `Something went wrong on our side (reference ${ref}). Nothing was changed.`);
  }
}

const isNextControlFlow = (err: unknown) =>
  typeof err === "object" && err !== null && "digest" in err && /^NEXT_(REDIRECT|NOT_FOUND|HTTP_ERROR)/.test(String((err as { digest: unknown }).digest));

/** An action anyone may call (sign-in, sign-up): input is still parsed and errors still guarded. */
export function publicAction<S extends z.ZodType, T>(schema: S, handler: (input: z.output<S>, ctx: { db: Db; actor: Actor }) => Promise<ActionResult<T>>) {
  return (_prev: unknown, payload: Payload): Promise<ActionResult<T>> =>
    guard(async () => {
      const input = parse(schema, payload);
      if (!input.ok) return input.result;
      return handler(input.data, { db: await getDb(), actor: await requestActor(null) });
    });
}

/** An action for a signed-in user, not tied to an org. */
export function userAction<S extends z.ZodType, T>(schema: S, handler: (input: z.output<S>, ctx: UserCtx) => Promise<ActionResult<T>>) {
  return (_prev: unknown, payload: Payload): Promise<ActionResult<T>> =>
    guard(async () => {
      const user = await getCurrentUser();
      if (!user) return fail(401, "Your session has ended. Sign in again.");
      const input = parse(schema, payload);
      if (!input.ok) return input.result;
      return handler(input.data, { db: await getDb(), user, actor: await requestActor(user.id) });
    });
}

/** An action on one org: input carries `orgSlug`; the caller's role there is checked before anything else. */
export function orgAction<S extends z.ZodObject<{ orgSlug: z.ZodString }>, T>(
  role: Role, schema: S, handler: (input: z.output<S>, ctx: OrgCtx) => Promise<ActionResult<T>>,
) {
  return userAction(schema, async (input, ctx) => {
    const slug = (input as { orgSlug: string }).orgSlug;
    const auth = await authorizeOrg(ctx.db, ctx.user.id, slug, role);
    if (!auth.ok) {
      // In the target org's audit log, written after the answer so it cannot tell whether the org exists.
      const reason = auth.reason;
      afterAnswer(() => traceRefusedAction(ctx.db, { ...ctx.actor, userId: ctx.user.id }, slug, reason, role));
      return fail(auth.status, auth.error);
    }
    return handler(input, { ...ctx, membership: auth.membership });
  });
}
