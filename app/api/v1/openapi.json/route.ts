import { openApiDocument } from "@/lib/api/openapi";
import { otherMethods } from "@/lib/api/methods";

// Public: describes the API, holds nothing about any org.
export function GET() {
  return Response.json(openApiDocument);
}

// Any other method: 405 in the API's error shape, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
