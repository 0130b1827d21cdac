import { AppError } from "../errors";
import { PolicyRulesSchema, type PolicyRules } from "./policy-rules";
import { zodFields } from "../errors";

/**
 * The admin's policy form, read into a version-1 rules document and validated with the same
 * schema as the API. Each error is reported under the name of the form field that shows it, so
 * the page can put it inline: the schema's `overrides[1].match.tag` becomes the override's value
 * field `overrides[1].value`, and errors on one entry of a list land on the list's field.
 *
 * Field names: returnWindowDays, windowStartsFrom, nonReturnableTags (repeated),
 * nonReturnableProductTypes (repeated), overrides[i].matchBy / .value / .returnWindowDays,
 * allowedResolutions (repeated), storeCreditBonusPercent, restockingFeePercent,
 * evidenceRequiredReasons (repeated), autoApprove.enabled ("on" when checked),
 * autoApprove.maxOrderValue, autoApprove.maxRiskScore, customerLimits.maxReturnsPerPeriod,
 * customerLimits.periodDays, blockedEmails (one per line), notes. A tag typed but not added yet
 * arrives as `<list>__pending` and is kept, since the merchant clearly meant it.
 */

export const NOTES_MAX = 2000;
const MAX_OVERRIDE_ROWS = 500;

/** A number the schema can check, or the text itself so the schema says it is not a number. */
function numberOrText(value: FormDataEntryValue | null): unknown {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function text(value: FormDataEntryValue | null): string {
  return typeof value === "string" ? value : "";
}

function list(form: FormData, name: string): string[] {
  const values = form.getAll(name).map(text);
  const pending = text(form.get(`${name}__pending`)).trim();
  if (pending && !values.some((v) => v.trim() === pending)) values.push(pending);
  return values.filter((v) => v.trim() !== "");
}

/** "150" or "150.5" → "150.00"/"150.50": the merchant types an amount, the rules store two decimals. */
function amount(value: FormDataEntryValue | null): string | undefined {
  const raw = text(value).trim().replace(/^\$/, "");
  if (raw === "") return undefined;
  const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(raw);
  return match ? `${match[1]}.${(match[2] ?? "").padEnd(2, "0")}` : raw;
}

function overrides(form: FormData): Array<Record<string, unknown>> {
  const indices = new Set<number>();
  for (const key of form.keys()) {
    const match = /^overrides\[(\d{1,4})\]\./.exec(key);
    if (match) indices.add(Number(match[1]));
    if (indices.size > MAX_OVERRIDE_ROWS) break;
  }
  return [...indices]
    .sort((a, b) => a - b)
    .map((i) => {
      const matchBy = text(form.get(`overrides[${i}].matchBy`));
      const value = text(form.get(`overrides[${i}].value`));
      return {
        match: matchBy === "productType" || matchBy === "tag" ? { [matchBy]: value } : {},
        returnWindowDays: numberOrText(form.get(`overrides[${i}].returnWindowDays`)),
      };
    });
}

/** The form field that shows an error of the rules path `path`. */
export function formFieldOf(path: string): string {
  const override = /^(overrides\[\d+\])\.(match(?:\..*)?|returnWindowDays)$/.exec(path);
  if (override) return override[2] === "returnWindowDays" ? `${override[1]}.returnWindowDays` : `${override[1]}.value`;
  const entry = /^(nonReturnableTags|nonReturnableProductTypes|allowedResolutions|evidenceRequiredReasons|blockedEmails)\[\d+\]/.exec(path);
  if (entry) return entry[1]!;
  return path;
}

/** What the form holds before validation (kept to redisplay it as typed). */
export function readPolicyForm(form: FormData): { raw: Record<string, unknown>; notes: string } {
  const raw = {
    returnWindowDays: numberOrText(form.get("returnWindowDays")),
    windowStartsFrom: text(form.get("windowStartsFrom")) || undefined,
    nonReturnableTags: list(form, "nonReturnableTags"),
    nonReturnableProductTypes: list(form, "nonReturnableProductTypes"),
    overrides: overrides(form),
    allowedResolutions: form.getAll("allowedResolutions").map(text),
    storeCreditBonusPercent: numberOrText(form.get("storeCreditBonusPercent")),
    restockingFeePercent: numberOrText(form.get("restockingFeePercent")),
    evidenceRequiredReasons: form.getAll("evidenceRequiredReasons").map(text),
    autoApprove: {
      enabled: text(form.get("autoApprove.enabled")) === "on",
      maxOrderValue: amount(form.get("autoApprove.maxOrderValue")),
      maxRiskScore: numberOrText(form.get("autoApprove.maxRiskScore")),
    },
    customerLimits: {
      maxReturnsPerPeriod: numberOrText(form.get("customerLimits.maxReturnsPerPeriod")),
      periodDays: numberOrText(form.get("customerLimits.periodDays")),
    },
    // A form from before exchange rules (no field at all) keeps the document's defaults.
    exchanges: form.has("exchanges.scope")
      ? {
          scope: text(form.get("exchanges.scope")),
          lowerPriceDifference: text(form.get("exchanges.lowerPriceDifference")),
          higherPriceDifference: text(form.get("exchanges.higherPriceDifference")),
          instant: {
            enabled: text(form.get("exchanges.instant.enabled")) === "on",
            maxOrderValue: amount(form.get("exchanges.instant.maxOrderValue")),
            maxRiskScore: numberOrText(form.get("exchanges.instant.maxRiskScore")),
          },
        }
      : undefined,
    blockedEmails: text(form.get("blockedEmails"))
      .split(/[\n,;]+/)
      .map((e) => e.trim())
      .filter(Boolean),
  };
  return { raw, notes: text(form.get("notes")).trim() };
}

/** Reads and validates the policy form; throws AppError `invalid_rules` with errors keyed by form field. */
export function parsePolicyForm(form: FormData): { rules: PolicyRules; notes: string | null } {
  const { raw, notes } = readPolicyForm(form);
  const parsed = PolicyRulesSchema.safeParse(raw);
  const fields: Record<string, string> = {};
  if (!parsed.success) {
    const byPath = zodFields(parsed.error);
    for (const [path, message] of Object.entries(byPath)) {
      const field = formFieldOf(path);
      const entry = /^(\w+)\[(\d+)\]/.exec(path);
      const values = entry ? (raw as Record<string, unknown>)[entry[1]!] : undefined;
      const shown = Array.isArray(values) && field !== path && !path.startsWith("overrides") ? `"${String(values[Number(entry![2])]).slice(0, 60)}" ${message}` : message;
      fields[field] ??= shown;
    }
  }
  if (notes.length > NOTES_MAX) fields.notes = `must be at most ${NOTES_MAX} characters`;
  if (!parsed.success || Object.keys(fields).length > 0) {
    throw new AppError("invalid_rules", "Some rules are missing or invalid. Fix the fields marked below and save again.", { fields });
  }
  return { rules: parsed.data, notes: notes || null };
}
