import { cloneElement, useId, type InputHTMLAttributes, type ReactElement, type ReactNode, type TextareaHTMLAttributes } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control-classes";
import { CrossIcon } from "./icons";

export { SecretInput, type SecretInputProps } from "./secret-input";
export { controlClasses };

export type InputProps = InputHTMLAttributes<HTMLInputElement>;

export function Input({ className, type = "text", ...rest }: InputProps) {
  return <input type={type} className={cn(controlClasses, "min-h-10", className)} {...rest} />;
}

export type TextareaProps = TextareaHTMLAttributes<HTMLTextAreaElement>;

export function Textarea({ className, rows = 4, ...rest }: TextareaProps) {
  return <textarea rows={rows} className={cn(controlClasses, "resize-y", className)} {...rest} />;
}

/** Props Field writes onto its control; Input, Textarea and SecretInput all accept them. */
type ControlProps = {
  id?: string;
  required?: boolean;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
};

export type FieldProps = {
  label: ReactNode;
  /** Help text, always announced with the control. */
  hint?: ReactNode;
  /** Error text; an array (as zod's flatten() gives) renders one line per message. */
  error?: ReactNode | string[];
  /** id for the control; generated when omitted. */
  id?: string;
  /** Marks the control required and says so in words, not only with an asterisk. */
  required?: boolean;
  className?: string;
  /** Exactly one control element. */
  children: ReactElement<ControlProps>;
};

/**
 * Label + control + hint + error, wired so a screen reader hears all of them: the control gets
 * id, aria-describedby (hint, then error) and aria-invalid. The error sits in role="alert" so it
 * is announced when it appears after a submit. Server-compatible (useId works in RSC).
 */
export function Field({ label, hint, error, id, required, className, children }: FieldProps) {
  const generated = useId();
  const controlId = id ?? children.props.id ?? generated;
  const messages = Array.isArray(error) ? error.filter(Boolean) : error ? [error] : [];
  const hasError = messages.length > 0;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = hasError ? `${controlId}-error` : undefined;
  const describedBy = [children.props["aria-describedby"], hintId, errorId].filter(Boolean).join(" ");

  const control = cloneElement(children, {
    id: controlId,
    required: required ?? children.props.required,
    "aria-describedby": describedBy || undefined,
    "aria-invalid": hasError ? true : children.props["aria-invalid"],
  });

  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <label htmlFor={controlId} className="text-sm font-medium text-fg">
        {label}
        {required && <span className="font-normal text-fg-muted"> (required)</span>}
      </label>
      {control}
      {hint && (
        <p id={hintId} className="text-xs text-fg-muted">
          {hint}
        </p>
      )}
      {hasError && (
        <div id={errorId} role="alert" className="flex items-start gap-1.5 text-sm text-error">
          <CrossIcon size={14} className="mt-0.5" />
          <div>
            {messages.map((message, i) => (
              <p key={i}>{message}</p>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
