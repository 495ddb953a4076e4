import { readBodyBytes, readBodyText } from "@/lib/net/read-body";

/** A chunked body of `count` chunks that counts how many were pulled. */
function chunked(chunk: Uint8Array, count: number, headers: Record<string, string> = {}) {
  const stats = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stats.pulled++ === count) return controller.close();
      controller.enqueue(chunk);
    },
    cancel() { stats.cancelled = true; },
  }, { highWaterMark: 0 });
  return { stats, request: new Request("http://switchboard.test/", { method: "POST", body, headers, duplex: "half" } as RequestInit) };
}

describe("readBodyText", () => {
  it("reads a body within the limit, multi-byte characters split across chunks included", async () => {
    const euro = new TextEncoder().encode("€"); // three bytes
    const parts = new Request("http://switchboard.test/", { method: "POST", body: new Blob([euro.subarray(0, 2), euro.subarray(2), "ok"]) });
    expect(await readBodyText(parts, 10)).toBe("€ok");
    expect(await readBodyText(new Request("http://switchboard.test/", { method: "POST", body: "x".repeat(10) }), 10)).toBe("x".repeat(10));
    expect(await readBodyText(new Request("http://switchboard.test/"), 10)).toBe("");
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    const { request, stats } = chunked(new Uint8Array(1024), 100, { "content-length": String(100 * 1024) });
    expect(await readBodyText(request, 4096)).toBeNull();
    expect(stats.pulled).toBe(0);
  });

  it("stops reading a chunked body once it passes the limit", async () => {
    const { request, stats } = chunked(new Uint8Array(1024), 100);
    expect(await readBodyText(request, 4096)).toBeNull();
    expect(stats.pulled).toBeLessThanOrEqual(6);
    expect(stats.cancelled).toBe(true);
  });
});

describe("readBodyBytes", () => {
  it("gives back the bytes as sent, invalid UTF-8 and a byte-order mark included", async () => {
    const sent = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x80, 0x7d]);
    const request = new Request("http://switchboard.test/", { method: "POST", body: new Blob([sent.subarray(0, 5), sent.subarray(5)]) });
    const read = await readBodyBytes(request, 64);
    expect(read && Buffer.compare(read, sent)).toBe(0);
    expect(await readBodyBytes(new Request("http://switchboard.test/", { method: "POST", body: sent }), 9)).toBeNull();
  });
});
