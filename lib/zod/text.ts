import { z } from "zod";

/**
 * Characters no name, note or reference needs and that do harm: C0 and C1 controls (a NUL byte is
 * refused by PostgreSQL mid-query, line breaks forge log and audit lines), line and paragraph
 * separators, text-direction overrides and isolates (they make a name read differently than it
 * is), and lone surrogates (not text at all; they would be stored as U+FFFD).
 */
const UNSAFE = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
// Multi-line secrets (a PEM key, a service-account file) keep their tabs and line breaks.
const UNSAFE_MULTILINE = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export const PLAIN_TEXT_MESSAGE = "Use only printable characters: no line breaks, tabs, NUL bytes or text-direction controls.";

export const hasUnsafeCharacters = (value: string, multiline = false) => (multiline ? UNSAFE_MULTILINE : UNSAFE).test(value);

/** A trimmed single-line string without control characters; chain .min/.max for its length. */
export const plainText = () => z.string().trim().refine((v) => !hasUnsafeCharacters(v), PLAIN_TEXT_MESSAGE);

/** The org named in an action's input: looked up, never stored, but it still reaches a query. */
export const orgSlugRef = plainText().min(1, "Unknown organization.").max(40, "Unknown organization.");

/**
 * An id taken from a URL is a uuid before it reaches a query: anything else fails PostgreSQL's
 * uuid cast, and a page would answer 500 where it means 404.
 */
export const isUuid = (value: string) => z.uuid().safeParse(value).success;
