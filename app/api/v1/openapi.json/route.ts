import { openApiDocument } from "@/lib/api/openapi";

// Public: describes the API, holds nothing about any org.
export function GET() {
  return Response.json(openApiDocument);
}
