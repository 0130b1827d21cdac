import type { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db, type AutomationRule, type Prisma } from "../db.server";
import { AppError, zodFields } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import type { ShopContext } from "../shops/shop-context";
import { readRuleDefinition, RuleInputSchema, type RuleDefinition, type RuleInput } from "./rule-schema";

export const MAX_RULES = 500;

/** Field errors of a refused rule, keyed by path (`actions[0].tag`), as the editor and the API show them. */
export function ruleFieldErrors(error: z.ZodError): Record<string, string> {
  return zodFields(error);
}

/** Validates a rule as written (editor or API): 422 `invalid_rules` with a field error per problem. */
export function parseRuleInput(input: unknown): RuleInput {
  const parsed = RuleInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_rules", "Some parts of the rule are missing or invalid.", { fields: ruleFieldErrors(parsed.error) });
  return parsed.data;
}

export type RuleView = { id: string; name: string; enabled: boolean; position: number; trigger: RuleDefinition["trigger"] | null; conditions: RuleDefinition["conditions"] | null; actions: RuleDefinition["actions"]; createdAt: string; updatedAt: string };

export function toRuleView(rule: AutomationRule): RuleView {
  const definition = readRuleDefinition(rule.definition);
  return { id: rule.id, name: rule.name, enabled: rule.enabled, position: rule.position, trigger: definition?.trigger ?? null, conditions: definition?.conditions ?? null, actions: definition?.actions ?? [], createdAt: rule.createdAt.toISOString(), updatedAt: rule.updatedAt.toISOString() };
}

function definitionOf(input: RuleInput): Prisma.InputJsonObject {
  return { trigger: input.trigger, conditions: input.conditions, actions: input.actions } as unknown as Prisma.InputJsonObject;
}

/** Refuses actions that name another shop's saved reply or endpoint (or a deleted one). */
async function assertReferences(shopId: string, input: RuleInput) {
  const fields: Record<string, string> = {};
  for (const [i, action] of input.actions.entries()) {
    if (action.type === "reply" && !(await db().savedReply.findFirst({ where: { id: action.savedReplyId, shopId }, select: { id: true } }))) fields[`actions[${i}].savedReplyId`] = "must be one of your saved replies";
    if (action.type === "send_webhook" && !(await db().webhookEndpoint.findFirst({ where: { id: action.endpointId, shopId }, select: { id: true } }))) fields[`actions[${i}].endpointId`] = "must be one of your webhook endpoints";
  }
  if (Object.keys(fields).length) throw new AppError("invalid_rules", "Some parts of the rule are missing or invalid.", { fields });
}

export async function listRules(ctx: ShopContext): Promise<AutomationRule[]> {
  return db().automationRule.findMany({ where: { shopId: ctx.shop.id }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
}

export async function getRule(ctx: ShopContext, id: string): Promise<AutomationRule> {
  const rule = /^[0-9a-f-]{36}$/i.test(id) ? await db().automationRule.findFirst({ where: { id, shopId: ctx.shop.id } }) : null;
  if (!rule) throw new AppError("not_found", "No such rule.");
  return rule;
}

/** Saves a new rule at the end of the order. */
export async function createRule(ctx: ShopContext, raw: unknown): Promise<AutomationRule> {
  const input = parseRuleInput(raw);
  await assertReferences(ctx.shop.id, input);
  return runInTransaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "shops" WHERE "id" = ${ctx.shop.id}::uuid FOR UPDATE`;
    const count = await tx.automationRule.count({ where: { shopId: ctx.shop.id } });
    if (count >= MAX_RULES) throw new AppError("conflict", `A shop can have at most ${MAX_RULES} rules.`);
    const last = await tx.automationRule.findFirst({ where: { shopId: ctx.shop.id }, orderBy: { position: "desc" }, select: { position: true } });
    const rule = await tx.automationRule.create({ data: { shopId: ctx.shop.id, name: input.name, enabled: input.enabled, position: (last?.position ?? 0) + 1, definition: definitionOf(input) } });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "rule", entityId: rule.id, action: "created", actor: ctx.actor, data: { name: rule.name, enabled: rule.enabled } });
    return rule;
  });
}

/** Replaces a rule's name, switch and document. */
export async function updateRule(ctx: ShopContext, id: string, raw: unknown): Promise<AutomationRule> {
  const current = await getRule(ctx, id);
  const input = parseRuleInput(raw);
  await assertReferences(ctx.shop.id, input);
  return runInTransaction(async (tx) => {
    const rule = await tx.automationRule.update({ where: { id: current.id }, data: { name: input.name, enabled: input.enabled, definition: definitionOf(input) } });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "rule", entityId: rule.id, action: current.enabled !== rule.enabled ? (rule.enabled ? "switched_on" : "switched_off") : "updated", actor: ctx.actor, data: { name: rule.name } });
    return rule;
  });
}

export async function setRuleEnabled(ctx: ShopContext, id: string, enabled: boolean): Promise<AutomationRule> {
  const current = await getRule(ctx, id);
  return runInTransaction(async (tx) => {
    const rule = await tx.automationRule.update({ where: { id: current.id }, data: { enabled } });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "rule", entityId: rule.id, action: enabled ? "switched_on" : "switched_off", actor: ctx.actor, data: { name: rule.name } });
    return rule;
  });
}

/** Moves a rule one place up or down the order. */
export async function moveRule(ctx: ShopContext, id: string, direction: "up" | "down"): Promise<void> {
  const rules = await listRules(ctx);
  const at = rules.findIndex((r) => r.id === id);
  if (at < 0) throw new AppError("not_found", "No such rule.");
  const to = direction === "up" ? at - 1 : at + 1;
  if (to < 0 || to >= rules.length) return;
  const order = [...rules];
  [order[at], order[to]] = [order[to]!, order[at]!];
  await runInTransaction(async (tx) => {
    for (const [i, rule] of order.entries()) if (rule.position !== i + 1) await tx.automationRule.update({ where: { id: rule.id }, data: { position: i + 1 } });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "rule", entityId: id, action: "moved", actor: ctx.actor, data: { direction } });
  });
}

export async function deleteRule(ctx: ShopContext, id: string): Promise<void> {
  const current = await getRule(ctx, id);
  await runInTransaction(async (tx) => {
    await tx.automationRule.delete({ where: { id: current.id } });
    await recordAudit(tx, { shopId: ctx.shop.id, entityType: "rule", entityId: current.id, action: "deleted", actor: ctx.actor, data: { name: current.name } });
  });
}
