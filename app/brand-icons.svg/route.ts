import { brandSprite } from "@/components/ui/brand-icons";

// Rendered once at build time; browsers keep it for a year (the URL carries the icon set's version).
export const dynamic = "force-static";

export function GET() {
  return new Response(brandSprite(), {
    headers: { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=31536000, immutable" },
  });
}
