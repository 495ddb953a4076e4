import { NotFoundCard } from "@/components/layout/not-found-card";

export const metadata = { title: "Not found" };

// A missing page inside an org the caller belongs to keeps the org's header, so the way back is
// where it always is. Non-members never get here: the org layout's own notFound() goes to the root.
export default function OrgNotFound() {
  return (
    <div className="flex justify-center py-12">
      <NotFoundCard />
    </div>
  );
}
