import { marksSprite } from "@/components/ui/marks";

// Rendered once at build time; browsers keep it for a year (the URL carries its content's version).
export const dynamic = "force-static";

export function GET() {
  return new Response(marksSprite(), {
    headers: { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=31536000, immutable" },
  });
}
