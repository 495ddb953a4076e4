"use client";

import { AnimatePresence, motion } from "framer-motion";
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { Alert, type AlertTone } from "./alert";
import { CrossIcon } from "./icons";
import { useStill } from "./motion";

export interface ToastInput {
  tone?: Exclude<AlertTone, "error">;
  title: string;
  text?: string;
}
interface Toast extends ToastInput { id: number }

const ToastContext = createContext<(toast: ToastInput) => void>(() => {});
const LIFETIME_MS = 6_000;

/** Tells the person something finished, after the thing that showed it may have left the page. */
export function useToast() {
  return useContext(ToastContext);
}

/**
 * Holds the toasts for the whole app. Toasts confirm; they never carry an error, because an
 * error needs a way out beside the thing that failed. They leave by themselves, but not while
 * the pointer or focus is on them, and each has a close button.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const show = useCallback((t: ToastInput) => setToasts((all) => [...all.slice(-2), { ...t, id: ++next.current }]), []);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <ol aria-label="Notifications" className="pointer-events-none fixed inset-x-4 bottom-4 z-50 flex flex-col items-end gap-2 sm:left-auto sm:w-96">
        <AnimatePresence initial={false}>
          {toasts.map((t) => <ToastItem key={t.id} toast={t} onDismiss={dismiss} />)}
        </AnimatePresence>
      </ol>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const [held, setHeld] = useState(false);
  const still = useStill();
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => onDismiss(toast.id), LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [held, toast.id, onDismiss]);
  return (
    <motion.li
      layout={!still}
      initial={still ? false : { opacity: 0, y: 16, scale: 0.96 }}
      animate={{ opacity: 1, y: 0, scale: 1 }}
      exit={still ? { opacity: 0, transition: { duration: 0 } } : { opacity: 0, scale: 0.96, transition: { duration: 0.15 } }}
      className="pointer-events-auto w-full"
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <div className="glass relative shadow-depth-5">
        <Alert tone={toast.tone ?? "success"} title={toast.title} className="border-0 bg-transparent pr-12">{toast.text}</Alert>
        <button
          type="button"
          onClick={() => onDismiss(toast.id)}
          aria-label="Dismiss notification"
          className="focus-ring absolute right-2 top-2 grid size-8 place-items-center rounded-md text-fg-muted hover:bg-white/10 hover:text-white"
        >
          <CrossIcon size={14} />
        </button>
      </div>
    </motion.li>
  );
}
