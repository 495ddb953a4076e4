import type { ReactNode } from "react";

/** A page's title and one sentence saying what the page is for. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold text-white sm:text-3xl">{title}</h1>
      {children && <p className="mt-2 text-fg-muted">{children}</p>}
    </div>
  );
}
