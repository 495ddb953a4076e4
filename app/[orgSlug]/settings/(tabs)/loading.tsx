// In the (tabs) route group so this skeleton wraps the tabs only: an agent's page, outside it, must
// be able to answer 404 from its layout before anything streams.
import { PanelPageSkeleton } from "@/components/ui/page-skeletons";

export default function Loading() {
  return <PanelPageSkeleton label="Loading settings" />;
}
