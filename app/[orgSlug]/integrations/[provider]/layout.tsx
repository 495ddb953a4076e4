import { notFound } from "next/navigation";
import { getProvider } from "@/lib/providers";

// Checked here, above the page's loading boundary, so an unknown provider answers 404 rather than
// a streamed 200 that shows the not-found card.
export default async function ProviderLayout({ children, params }: { children: React.ReactNode; params: Promise<{ provider: string }> }) {
  if (!getProvider((await params).provider)) notFound();
  return children;
}
