import { updateShopSettings, type UpdateShopSettingsResult } from "../shops/update-shop-settings.server";
import type { ShopContext } from "../shops/shop-context";
import type { CallSettings } from "../shops/shop-settings";

/**
 * Saves the shop's call settings (switching voice or video on or off, the length limit, the cap on
 * calls at once): merged field by field with what is stored, validated whole, audited. Invalid input
 * writes nothing and comes back as fields keyed like `calls.maxDurationSeconds`.
 */
export async function saveCallSettings(ctx: ShopContext, patch: Partial<CallSettings>): Promise<UpdateShopSettingsResult> {
  return updateShopSettings(ctx, { calls: patch });
}
