"use client";

import { MotionConfig, motion } from "framer-motion";
import { useEffect, useState, useSyncExternalStore, type ReactNode } from "react";

// False until the first page has hydrated. Whatever is in the server's HTML must be readable on
// first paint, so only what mounts later (a page reached by a click, a dialog, a toast) enters.
let hydrated = false;

/** Wraps the app once: framer-motion follows the person's reduced-motion setting everywhere. */
export function MotionProvider({ children }: { children: ReactNode }) {
  useEffect(() => { hydrated = true; }, []);
  return <MotionConfig reducedMotion="user">{children}</MotionConfig>;
}

const REDUCE = "(prefers-reduced-motion: reduce)";
const subscribe = (onChange: () => void) => {
  const query = window.matchMedia?.(REDUCE);
  query?.addEventListener("change", onChange);
  return () => query?.removeEventListener("change", onChange);
};

/**
 * True when the person asks for reduced motion, following the setting live. Our own hook rather
 * than framer's useReducedMotion, which reads the setting once per page load.
 */
export function useStill() {
  return useSyncExternalStore(subscribe, () => window.matchMedia?.(REDUCE).matches ?? false, () => false);
}

/** Fades and scales its content in when it mounts after the first paint; static otherwise. */
export function Entrance({ children, className }: { children: ReactNode; className?: string }) {
  const [enter] = useState(() => hydrated);
  const still = useStill();
  // Fixed for the life of this mount, so the element never changes type under its children. The
  // first page (and every server render) gets a plain div: a motion component costs render time.
  if (!enter) return <div className={className}>{children}</div>;
  return (
    <motion.div
      className={className}
      initial={still ? false : { opacity: 0, scale: 0.985 }}
      animate={{ opacity: 1, scale: 1 }}
      transition={{ duration: 0.22, ease: "easeOut" }}
    >
      {children}
    </motion.div>
  );
}

/**
 * A slow red glow that breathes behind the one call to action that matters on a page. Sits in
 * a `relative` parent; renders nothing when reduced motion is asked for.
 */
export function AttentionGlow() {
  const still = useStill();
  if (still) return null;
  return (
    <motion.span
      aria-hidden="true"
      data-attention=""
      className="pointer-events-none absolute -inset-px rounded-[inherit]"
      animate={{ boxShadow: ["0 0 0 0 rgba(220,38,38,0)", "0 0 0 6px rgba(220,38,38,0.2)", "0 0 0 0 rgba(220,38,38,0)"] }}
      transition={{ duration: 2.4, repeat: Infinity, ease: "easeInOut" }}
    />
  );
}

/**
 * Plays once when `status` changes while mounted, or when `celebrate` is set: a pop, and for
 * VALID a green ring that fades. Nothing moves on the first render or under reduced motion.
 */
export function StatusChange({ status, celebrate = false, children }: { status: string; celebrate?: boolean; children: ReactNode }) {
  const [first] = useState(status);
  const still = useStill();
  const play = !still && (celebrate || status !== first);
  // At rest nothing at all: the catalog renders 27 of these, and each element (a motion component
  // most of all) costs render time. The wrapper exists only while it plays; key={status} remounts
  // the badge then anyway.
  if (!play) return children;
  return (
    <motion.span
      key={status}
      data-status-change={status}
      className="inline-flex rounded-full"
      initial={{ scale: 0.7, opacity: 0.4 }}
      animate={status === "VALID"
        ? { scale: 1, opacity: 1, boxShadow: ["0 0 0 0 rgba(34,197,94,0.7)", "0 0 0 10px rgba(34,197,94,0)"] }
        : { scale: 1, opacity: 1 }}
      transition={{ duration: 0.6, ease: "easeOut" }}
    >
      {children}
    </motion.span>
  );
}
