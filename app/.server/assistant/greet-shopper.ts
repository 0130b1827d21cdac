import type { Shop } from "../db.server";
import { readShopSettings } from "../shops/shop-settings";
import { phrase, pickLanguage } from "./phrases";

/** The assistant's first words in a new conversation: the shop's greeting, or one in the assistant's name and the shopper's language. */
export function greetShopper(shop: Pick<Shop, "name" | "settings">, locale: string | undefined): string {
  const settings = readShopSettings(shop.settings);
  if (settings.greeting) return settings.greeting;
  return phrase(pickLanguage(settings.language, locale), "greeting", { name: settings.assistantName, shop: shop.name });
}
