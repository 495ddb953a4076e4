"use client";

import { motion } from "framer-motion";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useStill } from "./motion";

export interface ModalProps {
  open: boolean;
  /** Called when the dialog closes: Escape, a click on the backdrop, or `open` turning false. */
  onClose: () => void;
  title: string;
  /** One sentence under the title: what will happen. */
  description?: ReactNode;
  children: ReactNode;
}

/**
 * A modal dialog on the native <dialog>: showModal() makes the rest of the page inert, traps
 * focus and closes on Escape without any code of ours, and focus returns to the opener on close.
 * Every way of closing goes through dialog.close(), so onClose is called once, from its event.
 */
export function Modal({ open, onClose, title, description, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const textId = useId();
  const still = useStill();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? textId : undefined}
      onClose={onClose}
      onCancel={(e) => { e.preventDefault(); e.currentTarget.close(); }}
      onClick={(e) => { if (e.target === e.currentTarget) e.currentTarget.close(); }}
      className="m-auto w-[calc(100%-2rem)] max-w-md bg-transparent p-0 text-fg backdrop:bg-black/70 backdrop:backdrop-blur-sm"
    >
      {open && (
        <motion.div
          initial={still ? false : { opacity: 0, scale: 0.95, y: 8 }}
          animate={{ opacity: 1, scale: 1, y: 0 }}
          transition={{ duration: 0.18, ease: "easeOut" }}
          // The dialog has a fixed width, so a long unbroken name (an 80-character credential name in
          // the title and on the confirm button) must break anywhere rather than stick out of it.
          // "anywhere", not the body's break-word: only it lets flex items such as buttons shrink.
          className="glass p-6 shadow-depth-5 [overflow-wrap:anywhere]"
        >
          <h2 id={titleId} className="text-lg font-semibold text-white">{title}</h2>
          {description && <p id={textId} className="mt-2 text-sm text-fg-muted">{description}</p>}
          <div className="mt-6">{children}</div>
        </motion.div>
      )}
    </dialog>
  );
}
