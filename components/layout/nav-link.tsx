"use client";

import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";

/** A navigation link marked as the current page while the path is under activePrefix (default href). */
export function NavLink({ href, activePrefix = href, children }: { href: string; activePrefix?: string; children: React.ReactNode }) {
  const active = usePathname().startsWith(activePrefix);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`relative rounded-lg px-2 py-1.5 text-sm focus-ring min-[360px]:px-3 ${active ? "bg-white/10 text-white" : "text-fg-muted hover:text-white"}`}
    >
      {children}
      <Pending />
    </Link>
  );
}

// The integrations page has no loading skeleton (it would hold the tiles back on a full load), so
// a click on its link shows that it was heard: a red line under the link until the page arrives.
function Pending() {
  const { pending } = useLinkStatus();
  return (
    <span
      aria-hidden="true"
      data-pending={pending ? "" : undefined}
      className={`absolute inset-x-3 -bottom-0.5 h-0.5 rounded-full bg-accent transition-opacity delay-100 ${pending ? "opacity-100" : "opacity-0"}`}
    />
  );
}
