/** What the settings action answers: which form it was, and either a success message or errors. */
export type SettingsResult =
  | { intent: string; ok: true; message: string; createdKey?: { name: string; prefix: string; key: string } }
  | { intent: string; ok: false; error: string; fields?: Record<string, string> };

/** The errors of one form, when the last answer was for it. */
export function errorsFor(result: SettingsResult | undefined, intent: string | string[]) {
  const intents = Array.isArray(intent) ? intent : [intent];
  if (!result || result.ok || !intents.includes(result.intent)) return { error: undefined, fields: {} as Record<string, string> };
  return { error: result.error, fields: result.fields ?? {} };
}
