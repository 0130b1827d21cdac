import { z } from "zod";

/**
 * Free text from a shopper, made safe to store and show: well-formed Unicode (lone surrogates
 * replaced), NFC, no control characters but newlines and tabs (PostgreSQL refuses NUL), trimmed.
 * Channel adapters validate with it at their edge (they do not reach into `returns/`).
 */
export function shopperText(max: number) {
  return z
    .string()
    .transform((value) =>
      value
        .toWellFormed()
        .normalize("NFC")
        // eslint-disable-next-line no-control-regex -- removing control characters is the point
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
        .trim(),
    )
    .pipe(z.string().max(max, `must be at most ${max} characters`));
}
