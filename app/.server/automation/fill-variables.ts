/**
 * Saved replies' variables: `{{contact.name}}`, `{{contact.first_name}}`, `{{contact.email}}`,
 * `{{order.name}}`, `{{return.status}}`, `{{shop.name}}` and the rest of `REPLY_VARIABLES`. A
 * variable without a value becomes its fallback (`{{contact.first_name|there}}`) or nothing.
 */

export const REPLY_VARIABLES = [
  "contact.name",
  "contact.first_name",
  "contact.email",
  "order.name",
  "order.total",
  "return.id",
  "return.status",
  "return.order_name",
  "shop.name",
  "agent.name",
] as const;
export type ReplyVariable = (typeof REPLY_VARIABLES)[number];
export type ReplyValues = Partial<Record<ReplyVariable, string | null | undefined>>;

const PATTERN = /\{\{\s*([a-z_]+\.[a-z_]+)\s*(?:\|([^}]*))?\}\}/g;

/** The template with its variables filled; unknown variables are kept as written so a typo shows. */
export function fillVariables(template: string, values: ReplyValues): string {
  return template.replace(PATTERN, (whole, name: string, fallback: string | undefined) => {
    if (!(REPLY_VARIABLES as readonly string[]).includes(name)) return whole;
    const value = values[name as ReplyVariable];
    return value?.trim() ? value.trim() : (fallback ?? "").trim();
  });
}

/** Variables a template names that Dokani does not know, for the editor's field error. */
export function unknownVariables(template: string): string[] {
  const out: string[] = [];
  for (const match of template.matchAll(PATTERN)) if (!(REPLY_VARIABLES as readonly string[]).includes(match[1]!) && !out.includes(match[1]!)) out.push(match[1]!);
  return out;
}
