import { NotFoundCard } from "@/components/layout/not-found-card";

export const metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <NotFoundCard />
    </main>
  );
}
