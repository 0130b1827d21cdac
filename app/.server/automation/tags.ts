import { TagSchema } from "./rule-schema";

export const MAX_TAGS = 20;

/** Tags as stored: each normalised (lower case), no repeats, invalid ones dropped, at most 20. */
export function normaliseTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const parsed = TagSchema.safeParse(tag);
    if (parsed.success && !out.includes(parsed.data)) out.push(parsed.data);
  }
  return out.slice(0, MAX_TAGS);
}
