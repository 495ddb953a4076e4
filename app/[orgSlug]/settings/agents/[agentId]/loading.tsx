import { PanelPageSkeleton } from "@/components/ui/page-skeletons";

export default function Loading() {
  return <PanelPageSkeleton label="Loading agent" />;
}
