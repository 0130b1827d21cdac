import type { z } from "zod";
import type { ActionFailure, ActionSuccess } from "../../components/action-result";
import { AppError, zodFields } from "../errors";
import { throwIfNotFound } from "./not-found.server";

/** What an intent's work answers: the toast's message and any data for the page, or a redirect. */
export type IntentDone = ({ message: string } & object) | Response;

type Answer<Intent extends string, Done> = Done extends Response ? Done : Done extends { message: string } ? ActionSuccess<Intent, Omit<Done, "message">> : never;

export type IntentOptions = {
  /** The 404 message of a page about one record, thrown for a `not_found` AppError; without it such an error is a failure like any other. */
  notFound?: string;
  /** Checked before a malformed form is explained, so an unknown record answers 404 first. */
  exists?: () => Promise<unknown>;
  /** The banner for a form that does not parse; by default one message for an unknown intent, another for bad fields. */
  invalid?: (error: z.ZodError, fields: Record<string, string>) => string;
};

const UNKNOWN_INTENT = "That action is not one this page offers.";
const INVALID_FIELDS = "Some fields are missing or invalid.";

/**
 * Runs one admin form: parses it with the page's discriminated union of intents, runs the parsed
 * intent, and answers the shared `ActionResult` (a failure names its intent, or null when the form
 * named none the page offers). A `not_found` AppError becomes the page's 404;
 * any other AppError becomes a failure with its message and field errors; anything else escapes.
 */
export async function runIntent<Schema extends z.ZodType<{ intent: string }>, Done extends IntentDone>(
  form: Record<string, unknown>,
  schema: Schema,
  run: (input: z.infer<Schema>) => Promise<Done>,
  options: IntentOptions,
): Promise<Answer<z.infer<Schema>["intent"], Done> | ActionFailure> {
  const intent = typeof form.intent === "string" ? form.intent : null;
  try {
    const parsed = schema.safeParse(form);
    if (!parsed.success) {
      await options.exists?.();
      const fields = zodFields(parsed.error);
      const error = options.invalid ? options.invalid(parsed.error, fields) : fields.intent ? UNKNOWN_INTENT : INVALID_FIELDS;
      // A form that names no intent of this page is no form's failure: no intent, no field to mark.
      if (fields.intent) return { ok: false, intent: null, error };
      return { ok: false, intent, error, fields };
    }
    const done = await run(parsed.data);
    if (done instanceof Response) return done as Answer<z.infer<Schema>["intent"], Done>;
    return { ok: true, intent: parsed.data.intent, ...done } as unknown as Answer<z.infer<Schema>["intent"], Done>;
  } catch (error) {
    if (options.notFound !== undefined) throwIfNotFound(error, options.notFound);
    if (!(error instanceof AppError)) throw error;
    return { ok: false, intent, error: error.message, ...(error.fields ? { fields: error.fields } : {}) };
  }
}
