"use client";

import { useState, type FocusEvent } from "react";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { CheckIcon } from "@/components/ui/icons";

/**
 * A read-only value with a Copy button; the confirmation is announced, not only shown. `wrap` shows
 * a long value (a command) whole, over as many lines as it needs, instead of cut off at the edge.
 */
export function CopyField({ label, value, mono = true, wrap = false }: { label: string; value: string; mono?: boolean; wrap?: boolean }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  const shown = {
    readOnly: true,
    "aria-label": label,
    value,
    onFocus: (e: FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => e.currentTarget.select(),
    className: `${controlClasses} min-h-10 flex-1 ${mono ? "font-mono text-xs" : ""}`,
  };
  return (
    <div className="flex flex-col gap-1.5">
      <span className="text-sm font-medium text-fg">{label}</span>
      <div className="flex gap-2">
        {wrap ? (
          // rows: the height where field-sizing is unsupported.
          <textarea {...shown} rows={Math.min(4, Math.ceil(value.length / 60))} className={`${shown.className} resize-none py-2.5 [field-sizing:content] break-words`} />
        ) : (
          <input {...shown} />
        )}
        <Button type="button" variant="secondary" onClick={copy}>
          {copied === "yes" && <CheckIcon size={14} />}
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
      </div>
      <p aria-live="polite" className="text-xs text-fg-muted">
        {copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? "Copying was blocked; select the text and copy it yourself." : ""}
      </p>
    </div>
  );
}
