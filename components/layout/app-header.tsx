"use client";

// A client component although it has no state: the org layout renders it on every org page, and
// as a server component its whole element tree (3.5 KB of class names and SVG) was in every
// page's RSC payload; as a client reference the payload carries its five props.
import Link from "next/link";
import { signOutAction } from "@/actions/auth/sign-out";
import { Logo } from "./logo";
import { NavLink } from "./nav-link";

export function AppHeader({ orgSlug, orgName, email, role, pendingRequests = 0 }: { orgSlug: string; orgName: string; email: string; role: string; pendingRequests?: number }) {
  return (
    // Sticky only where there is room: on a phone the wrapped header would take a sixth of the screen.
    <header className="z-20 border-b sm:sticky sm:top-0 border-line bg-surface-0/80 backdrop-blur-xl">
      <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 sm:gap-x-6 py-3 sm:px-6">
        <Link href={`/${orgSlug}/integrations`} aria-label="Switchboard home"><Logo compact /></Link>
        {/* On a phone the nav takes the second row; the mark, the org and Sign out share the first.
            At 320 px its three links fit with narrower padding, and it wraps rather than overflow. */}
        <nav aria-label="Main" className="order-last flex basis-full flex-wrap gap-1 sm:order-none sm:basis-auto">
          <NavLink href={`/${orgSlug}/integrations`}>Integrations</NavLink>
          <NavLink href={`/${orgSlug}/deployments`}>Deployments</NavLink>
          <NavLink href={`/${orgSlug}/settings/integrations`} activePrefix={`/${orgSlug}/settings`}>Settings</NavLink>
        </nav>
        {/* On a phone this group takes the rest of the mark's row (flex-1 from a zero basis, so it
            never drops to a line of its own) and the org name is what gives way, by truncating;
            the request count and Sign out keep one line each. From sm up it sits after the nav. */}
        <div className="ml-auto flex min-w-0 flex-1 items-center justify-end gap-2 text-sm sm:flex-initial sm:gap-3">
          {pendingRequests > 0 && (
            // Word and shape, not colour alone: the count, the words, and a ring.
            <Link
              href={`/${orgSlug}/integrations#requests`}
              className="inline-flex shrink-0 items-center gap-2 whitespace-nowrap rounded-full border border-[#dc2626] px-3 py-1 text-white no-underline hover:bg-white/5 focus-ring"
            >
              <span aria-hidden="true" className="inline-block size-2 rounded-full border-2 border-[#dc2626]" />
              {pendingRequests} {pendingRequests === 1 ? "request" : "requests"}
            </Link>
          )}
          <Link
            href="/orgs"
            className="min-w-0 max-w-[9rem] truncate rounded-lg px-2 py-1.5 text-fg-muted no-underline hover:text-white focus-ring sm:max-w-xs"
            title={`${orgName} · ${email}: switch organization`}
            aria-label={`${orgName}, ${role}: switch organization`}
          >
            {orgName}<span className="hidden sm:inline"> · <span className="capitalize">{role}</span></span>
          </Link>
          <form action={signOutAction} className="shrink-0">
            <button type="submit" className="whitespace-nowrap rounded-lg px-2 py-1.5 text-fg-muted hover:text-white focus-ring sm:px-3">Sign out</button>
          </form>
        </div>
      </div>
    </header>
  );
}
