/**
 * What every admin action answers. A success names the intent that ran and the message its toast
 * shows, plus whatever that intent hands back (a created key, an import summary); a failure carries
 * the message for the page's banner and, when the form can say which fields were wrong, one message
 * per field. Loaders never answer this: a missing record is a thrown 404, not a failure.
 */
export type ActionResult<Intent extends string = string, Data extends object = object> = ActionSuccess<Intent, Data> | ActionFailure;

export type ActionSuccess<Intent extends string = string, Data extends object = object> = { ok: true; intent: Intent; message: string } & Data;

export type ActionFailure = { ok: false; intent: string | null; error: string; fields?: Record<string, string> };

/** The error and field errors of one form (or one of several), when the last answer was its failure. */
export function failureFor(result: { ok: boolean; intent: string | null } | null | undefined, intent: string | readonly string[]) {
  const intents: readonly string[] = typeof intent === "string" ? [intent] : intent;
  if (!result || result.ok || result.intent === null || !intents.includes(result.intent)) return { error: undefined, fields: {} as Record<string, string> };
  const failure = result as ActionFailure;
  return { error: failure.error, fields: failure.fields ?? {} };
}
