"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

interface RevokedInvites {
  revoked: ReadonlySet<string>;
  markRevoked(inviteId: string): void;
}

const Context = createContext<RevokedInvites | null>(null);

/**
 * Invitations revoked on this page, shared by the open-invitations list and the invite form: a
 * code still on screen under "send this code now" must go once its invitation is revoked.
 */
export function RevokedInvitesProvider({ children }: { children: ReactNode }) {
  const [revoked, setRevoked] = useState<ReadonlySet<string>>(() => new Set());
  const markRevoked = useCallback((id: string) => setRevoked((prev) => new Set(prev).add(id)), []);
  const value = useMemo(() => ({ revoked, markRevoked }), [revoked, markRevoked]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useRevokedInvites(): RevokedInvites {
  const value = useContext(Context);
  if (!value) throw new Error("useRevokedInvites needs a RevokedInvitesProvider around the members page's invite parts.");
  return value;
}
