import { failureFor, type ActionResult } from "../action-result";

/** What the settings action answers: which form it was, and either a success message (with the key just created) or errors. */
export type SettingsResult = ActionResult<string, { createdKey?: { name: string; prefix: string; scope?: "read" | "write"; key: string } }>;

/** The errors of one form, when the last answer was for it. */
export function errorsFor(result: SettingsResult | undefined, intent: string | string[]) {
  return failureFor(result, intent);
}
