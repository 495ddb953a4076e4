import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { getMembership } from "./queries";

/** The caller's membership in an org, once per request however many components ask. */
export const getOrgContext = cache(async (userId: string, slug: string) => getMembership(await getDb(), userId, slug));
