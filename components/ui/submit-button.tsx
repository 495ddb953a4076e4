"use client";

import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "./button";

/**
 * A type="submit" Button that shows itself pending while its enclosing <form action={...}>
 * is submitting. Client-only because useFormStatus is a client hook.
 */
export function SubmitButton({ pending, ...rest }: Omit<ButtonProps, "type">) {
  const status = useFormStatus();
  return <Button type="submit" pending={pending || status.pending} {...rest} />;
}
