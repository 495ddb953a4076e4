"use client";

import { useEffect, useRef, useState, type InputHTMLAttributes, type KeyboardEvent } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control-classes";

export type SecretInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  /** Accessible name of the reveal button. */
  revealLabel?: string;
};

const HOLD_KEYS = new Set([" ", "Enter"]);

/**
 * A password-type field for API keys. The value is shown only while the reveal button is held
 * (pointer or Space/Enter) and hidden again on release, blur, or the window losing focus, so a
 * key is never left on screen by accident. Browsers and password managers are told not to
 * autofill or learn it, and spellcheck is off so the key is not sent to a spelling service.
 */
export function SecretInput({ className, revealLabel = "Hold to reveal", disabled, onBlur, ...rest }: SecretInputProps) {
  const [revealed, setRevealed] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const show = () => setRevealed(true);
  const hide = () => setRevealed(false);

  // Alt-tabbing away mid-hold can swallow the pointerup; never stay revealed in the background.
  useEffect(() => {
    if (!revealed) return;
    window.addEventListener("blur", hide);
    return () => window.removeEventListener("blur", hide);
  }, [revealed]);

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!HOLD_KEYS.has(e.key)) return;
    e.preventDefault(); // Enter would otherwise click, Space would scroll.
    show();
  };
  const onKeyUp = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (HOLD_KEYS.has(e.key)) hide();
  };

  return (
    <div className="relative">
      <input
        {...rest}
        type={revealed ? "text" : "password"}
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        data-1p-ignore=""
        data-lpignore="true"
        disabled={disabled}
        className={cn(controlClasses, "min-h-10 pr-12 font-mono", className)}
        onBlur={(e) => {
          if (e.relatedTarget !== buttonRef.current) hide();
          onBlur?.(e);
        }}
      />
      <button
        ref={buttonRef}
        type="button"
        aria-label={revealLabel}
        aria-pressed={revealed}
        aria-controls={rest.id}
        disabled={disabled}
        // Keep focus (and the caret) in the input while the pointer is held.
        onMouseDown={(e) => e.preventDefault()}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture?.(e.pointerId);
          show();
        }}
        onPointerUp={hide}
        onPointerCancel={hide}
        onLostPointerCapture={hide}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
        onBlur={hide}
        className={cn(
          "focus-ring absolute top-1/2 right-1.5 flex size-8 -translate-y-1/2 items-center justify-center",
          "rounded-md text-fg-muted hover:bg-white/10 hover:text-fg disabled:opacity-60",
          revealed && "bg-white/10 text-fg",
        )}
      >
        {/* A lens: two arcs meeting at points, with a square pupil. Geometric, not an emoji eye. */}
        <svg width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden="true" focusable="false">
          <path d="M2 12 Q12 2 22 12 Q12 22 2 12Z" />
          <rect x="9.5" y="9.5" width="5" height="5" fill={revealed ? "currentColor" : "none"} />
        </svg>
      </button>
    </div>
  );
}
