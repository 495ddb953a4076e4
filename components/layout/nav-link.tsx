"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A navigation link marked as the current page while the path is under activePrefix (default href). */
export function NavLink({ href, activePrefix = href, children }: { href: string; activePrefix?: string; children: React.ReactNode }) {
  const active = usePathname().startsWith(activePrefix);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`rounded-lg px-3 py-1.5 text-sm focus-ring ${active ? "bg-white/10 text-white" : "text-fg-muted hover:text-white"}`}
    >
      {children}
    </Link>
  );
}
