import { z } from "zod";

export const emailSchema = z.string().trim().toLowerCase().max(254, "An email address has at most 254 characters.").pipe(z.email("Enter a valid email address."));

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(200),
  next: z.string().optional(),
});

const newPassword = z.string().min(12, "Use at least 12 characters.").max(200, "Use at most 200 characters.");

export const signUpSchema = z.object({ email: emailSchema, password: newPassword, next: z.string().optional() });

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const setPasswordSchema = z.object({ password: newPassword });
