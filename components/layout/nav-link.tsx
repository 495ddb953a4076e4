"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const active = usePathname().startsWith(href);
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
