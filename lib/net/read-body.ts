/**
 * A request body's bytes as they arrived, or null once it passes maxBytes: a declared
 * Content-Length over the limit is refused unread, and a chunked body stops being read at the
 * limit, so an oversized request never sits whole in memory. Signatures are checked on these
 * bytes: decoding first would map distinct invalid sequences to one U+FFFD.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer | null> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text (invalid sequences become U+FFFD), or null past maxBytes, as readBodyBytes. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string | null> {
  return (await readBodyBytes(request, maxBytes))?.toString("utf8") ?? null;
}
