// A trivial dynamic route: the benchmark's baseline for what the server costs per request.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}
