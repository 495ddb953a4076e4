/**
 * The grant matrix's columns, shared by its header row and every grant row (each its own grid).
 * Only the integration and the operations columns stretch; the others have fixed widths, so both
 * grids share out the same free space and the header cells sit over their columns ("auto" tracks
 * would size each grid by its own content: an empty header cell against a Save button). In a
 * module of its own: a constant exported from a "use client" file reaches a server component as
 * a client reference, not as the string.
 */
export const GRANT_COLUMNS = "lg:grid-cols-[minmax(12rem,1.5fr)_repeat(3,5.5rem)_minmax(14rem,2fr)_6.5rem]";
