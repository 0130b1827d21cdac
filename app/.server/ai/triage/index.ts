import type OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import type { ChatCompletion, ChatCompletionContentPart, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { z } from "zod";
import { env } from "../../env.server";
import { log } from "../../logger.server";
import { readShopSettings } from "../../shops/shop-settings";
import { callModel } from "../call-model.server";
import { MODEL_TIMEOUT_MS, createOpenAIClient } from "../create-openai-client.server";
import { pickShopModel } from "../pick-shop-model.server";
import { recommendFromRules } from "../../returns/engine";
import type { Decision, Recommendation } from "../../returns/types";
import { TRIAGE_SYSTEM_PROMPT, type TriageOrderSummary, type TriageRequest, buildTriageData } from "./prompt";
import { type TriageAnswer, TriageAnswerSchema, TriageOutputSchema } from "./schema";

/*
 * AI triage of a return waiting for review. The model only recommends: the decision object is
 * read, never written, and every failure (no key, timeout, refusal, bad output, any error) falls
 * back to the rules' recommendation, so the merchant always sees one.
 */

export type { TriageOrderSummary, TriageRequest } from "./prompt";

/** What triage looks at: the rules' decision, the shopper's request and the order. */
export type TriageInput = { decision: Decision; request: TriageRequest; order: TriageOrderSummary };

/** The model client (null: none configured), the model name and the per-attempt timeout. */
export type TriageOptions = { client?: OpenAI | null; model?: string; timeoutMs?: number };

const RETRY_DELAY_MS = 250;
const MAX_PHOTOS = 4;
const RESPONSE_FORMAT = zodResponseFormat(TriageOutputSchema, "return_triage");

// The image types the chat completions API reads; HEIC uploads are left out rather than sent to fail.
const PhotoSchema = z.object({
  mimeType: z.enum(["image/jpeg", "image/png", "image/webp", "image/gif"]),
  dataUrl: z.string().startsWith("data:image/"),
});

/**
 * The model client and name a shop's triage uses: none when the merchant turned AI off (the rules'
 * recommendation then stands alone), else the configured client with the shop's model or DOKANI_AI_MODEL.
 */
export function triageOptionsForShop(shop: { settings: unknown }): TriageOptions {
  const picked = pickShopModel(readShopSettings(shop.settings));
  return picked ?? { client: null };
}

function readAnswer(completion: ChatCompletion): TriageAnswer | null {
  const choice = completion.choices?.[0];
  if (!choice || choice.message.refusal || choice.finish_reason !== "stop" || typeof choice.message.content !== "string") return null;
  let json: unknown;
  try {
    json = JSON.parse(choice.message.content);
  } catch {
    return null;
  }
  const parsed = TriageAnswerSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

function askModel(client: OpenAI, body: ChatCompletionCreateParamsNonStreaming, timeoutMs: number): Promise<ChatCompletion> {
  return callModel(() => client.chat.completions.create(body, { timeout: timeoutMs, maxRetries: 0 }), { delayMs: RETRY_DELAY_MS });
}

/** The model's recommendation for a pending review, or the rules' one when there is no model or it fails; never changes the decision. */
export async function recommendReturn(input: TriageInput, options: TriageOptions = {}): Promise<Recommendation> {
  const fallback = () => recommendFromRules({ items: input.request.reasons.map((reason) => ({ reason })) }, input.decision);
  if (input.decision.outcome !== "pending_review") return fallback();
  const client = options.client === undefined ? createOpenAIClient() : options.client;
  if (!client) return fallback();
  const model = options.model ?? env().DOKANI_AI_MODEL;

  const photos = (input.request.photos ?? []).filter((p) => PhotoSchema.safeParse(p).success).slice(0, MAX_PHOTOS);
  const content: ChatCompletionContentPart[] = [
    { type: "text", text: buildTriageData({ decision: input.decision, request: input.request, order: input.order, photoCount: photos.length }) },
    ...photos.map((p): ChatCompletionContentPart => ({ type: "image_url", image_url: { url: p.dataUrl, detail: "low" } })),
  ];
  const body: ChatCompletionCreateParamsNonStreaming = {
    model,
    messages: [
      { role: "system", content: TRIAGE_SYSTEM_PROMPT },
      { role: "user", content },
    ],
    response_format: RESPONSE_FORMAT,
  };

  try {
    const completion = await askModel(client, body, options.timeoutMs ?? MODEL_TIMEOUT_MS);
    const answer = readAnswer(completion);
    if (!answer) {
      log().warn({ model }, "AI triage answered without a usable recommendation; using the rules' one");
      return fallback();
    }
    const recommendation: Recommendation = { action: answer.action, reasoning: answer.reasoning, confidence: answer.confidence, source: "model", model: completion.model || model };
    // Only a model that was shown photos can say what they show.
    if (photos.length > 0 && answer.photoCheck && answer.photoCheck.verdict !== "no_photos") {
      recommendation.photoCheck = { verdict: answer.photoCheck.verdict, note: answer.photoCheck.note };
    }
    return recommendation;
  } catch (error) {
    log().warn({ err: error, model }, "AI triage failed; using the rules' recommendation");
    return fallback();
  }
}
