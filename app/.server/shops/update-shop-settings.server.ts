import { isDeepStrictEqual } from "node:util";
import { recordAudit } from "../audit/record-audit";
import { db, type PrismaClient, type Prisma } from "../db.server";
import { zodFields } from "../errors";
import { runInTransaction } from "../jobs/enqueue-job";
import { CALL_AGENT_SETTINGS, enqueueCallAgentSync } from "../calls/enqueue-call-agent-sync.server";
import { shopChanged } from "./shop-cache.server";
import type { ShopContext } from "./shop-context";
import { readShopSettings, ShopSettingsSchema, type ShopSettings } from "./shop-settings";

/**
 * A change to some settings. Nested groups (`notifyOn`, `retention`) merge field by field; `null`
 * clears an optional field (the model, the greeting, the notification email) back to its default.
 */
export type ShopSettingsPatch = {
  [K in keyof ShopSettings]?: ShopSettings[K] extends object | undefined ? Partial<NonNullable<ShopSettings[K]>> | null : ShopSettings[K] | null;
};

export type UpdateShopSettingsResult = { ok: true; settings: ShopSettings; changed: string[] } | { ok: false; fields: Record<string, string> };

const GROUPS = new Set(["notifyOn", "retention", "calls"]);

/**
 * Validates a settings change against `ShopSettingsSchema` as a whole (the stored settings merged
 * with the patch), then stores it with an audit row naming what changed, under a row lock so two
 * sections saved at once do not overwrite each other. Invalid input writes nothing and comes back
 * as field errors keyed like the form (`retention.evidenceDays`). Keys the schema does not know are
 * kept as they were, so a newer setting written by other code survives an older form.
 */
export async function updateShopSettings(
  ctx: ShopContext,
  patch: ShopSettingsPatch,
  client: PrismaClient = db(),
): Promise<UpdateShopSettingsResult> {
  const shopId = ctx.shop.id;
  const result = await runInTransaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "shops" WHERE "id" = ${shopId}::uuid FOR UPDATE`;
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { settings: true } });
    const raw = shop.settings && typeof shop.settings === "object" && !Array.isArray(shop.settings) ? (shop.settings as Record<string, unknown>) : {};
    const current = readShopSettings(raw);

    const merged: Record<string, unknown> = { ...current };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null) delete merged[key];
      else if (GROUPS.has(key)) merged[key] = { ...(merged[key] as object), ...(value as object) };
      else merged[key] = value;
    }
    const parsed = ShopSettingsSchema.safeParse(merged);
    if (!parsed.success) return { ok: false as const, fields: zodFields(parsed.error) };

    const next = parsed.data;
    const changed = (Object.keys(ShopSettingsSchema.shape) as Array<keyof ShopSettings>).filter((key) => !isDeepStrictEqual(current[key], next[key]));
    if (!changed.length) return { ok: true as const, settings: next, changed };

    const stored = JSON.parse(JSON.stringify({ ...raw, ...next })) as Prisma.InputJsonObject;
    for (const key of changed) if (next[key] === undefined) delete (stored as Record<string, unknown>)[key];
    await tx.shop.update({ where: { id: shopId }, data: { settings: stored } });
    await recordAudit(tx, {
      shopId,
      entityType: "shop",
      entityId: shopId,
      action: "settings.updated",
      actor: ctx.actor,
      message: `Changed ${changed.join(", ")}`,
      data: JSON.parse(JSON.stringify({ changed, before: pick(current, changed), after: pick(next, changed) })) as Prisma.InputJsonObject,
    });
    if (changed.some((key) => (CALL_AGENT_SETTINGS as readonly string[]).includes(key))) await enqueueCallAgentSync(tx, shopId);
    return { ok: true as const, settings: next, changed };
  }, client);
  if (result.ok && result.changed.length) await shopChanged(shopId, "shop");
  return result;
}

function pick(settings: ShopSettings, keys: Array<keyof ShopSettings>) {
  return Object.fromEntries(keys.map((k) => [k, settings[k] ?? null]));
}
