/**
 * Joins class names, skipping falsy parts. There is no tailwind-merge here, so a className
 * passed to a component is appended, not merged: prefer adding classes over overriding them.
 */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(" ");
}
