import type OpenAI from "openai";
import { env } from "../env.server";
import type { ShopSettings } from "../shops/shop-settings";
import { createOpenAIClient } from "./create-openai-client.server";

/** A model a shop may use: the client and the model name. */
export type ShopModel = { client: OpenAI; model: string };

/**
 * The model a shop's AI capability calls, or null for its fallback: null when the merchant turned AI
 * off or no key is configured. `client` replaces the configured one (tests, the bench); null means none.
 */
export function pickShopModel(settings: Pick<ShopSettings, "aiEnabled" | "aiModel">, client?: OpenAI | null): ShopModel | null {
  if (!settings.aiEnabled) return null;
  const chosen = client === undefined ? createOpenAIClient() : client;
  return chosen ? { client: chosen, model: settings.aiModel ?? env().DOKANI_AI_MODEL } : null;
}
