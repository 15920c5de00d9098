import { z } from "zod";

/** Passwords: at least 10 characters (length beats composition rules), at most 200. */
export const NewPasswordSchema = z.string({ error: "Enter a password" }).min(10, "Use at least 10 characters").max(200, "Use at most 200 characters");

export const SetPasswordSchema = z
  .object({ password: NewPasswordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords do not match" });
