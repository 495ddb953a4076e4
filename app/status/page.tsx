import { connection } from "next/server";

export const metadata = { title: "Status" };

/** A public, dynamic, database-free page: uptime checks hit it, and the benchmark uses it as its baseline. */
export default async function StatusPage() {
  await connection();
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <p className="text-fg-muted">Switchboard is up. {new Date().toISOString()}</p>
    </main>
  );
}
