/** One Server-Sent Events block as the browser's parser would see it (by hand: no parser dependency). */
export interface SseBlock {
  id?: string;
  data?: string;
  retry?: number;
  comments: string[];
}

/**
 * Reads an event stream block by block. next() resolves with the next block, or null once the
 * server ended the stream; close() drops the connection as a browser tab going away would.
 */
export function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let done = false;
  const parse = (raw: string): SseBlock => {
    const block: SseBlock = { comments: [] };
    for (const line of raw.split("\n")) {
      if (line.startsWith(":")) block.comments.push(line.slice(1).trim());
      else {
        const at = line.indexOf(":");
        const field = at === -1 ? line : line.slice(0, at);
        const value = at === -1 ? "" : line.slice(at + 1).replace(/^ /, "");
        if (field === "id") block.id = value;
        else if (field === "data") block.data = block.data === undefined ? value : `${block.data}\n${value}`;
        else if (field === "retry") block.retry = Number(value);
      }
    }
    return block;
  };
  return {
    async next(): Promise<SseBlock | null> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end !== -1) {
          const raw = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return parse(raw);
        }
        if (done) return null;
        const chunk = await reader.read();
        if (chunk.done) done = true;
        else buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    /** The next block that carries an event, skipping comments (heartbeats) and retry hints. */
    async nextEvent(): Promise<{ id: string; type: string; data: Record<string, unknown> } | null> {
      for (;;) {
        const block = await this.next();
        if (!block) return null;
        if (block.data !== undefined) return { id: block.id!, ...JSON.parse(block.data) };
      }
    },
    close: () => reader.cancel().catch(() => {}),
  };
}
