import type OpenAI from "openai";
import type { ChatCompletionMessageFunctionToolCall, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { asTaggedData } from "../ai/as-tagged-data";
import { callModel } from "../ai/call-model.server";
import { MODEL_TIMEOUT_MS } from "../ai/create-openai-client.server";
import { env } from "../env.server";
import { log } from "../logger.server";
import type { ShopSettings } from "../shops/shop-settings";
import type { PublicPolicySummary } from "../policies/policy-rules";
import { describePendingReturn, describeReturnDecision } from "./describe-return-decision";
import { createLeakGuard, createOutcomeGuard } from "./guards";
import type { Language } from "./phrases";
import { buildAgentMessages, buildAgentSystemPrompt, type TurnMessage } from "./prompt";
import type { Source, ToolCallRecord, ToolContext, ToolOutcome } from "./tools";
import { runToolCall } from "./tools/run-tool-call";
import { toolDefinitions } from "./tools/tool-definitions";
import type { TurnResult } from "./turn-result";

/*
 * The assistant with a model: OpenAI chat completions with tools, streamed. Each round streams the
 * model's text to the shopper (through the leak guard) and runs the tools it asks for; results go
 * back as tagged data. Rounds are limited, each has a timeout and one retry before anything was
 * shown; any failure throws, and `answerShopper` answers that turn without a model.
 *
 * A turn has a time budget (MODEL_FIRST_TOKEN_MS, MODEL_TURN_MS): each request must start
 * answering within the first-token budget, or the turn gives up at once (a model that hangs is not
 * asked again); the whole turn, every round and retry, ends within the turn budget.
 */

/** How many model calls one turn may make; the last one may not call tools. */
export const MAX_ROUNDS = 5;
const MAX_REPLY_CHARS = 4_000;

export type ModelTurnInput = {
  ctx: ToolContext;
  shopName: string;
  settings: Pick<ShopSettings, "assistantName" | "tone" | "language">;
  language: Language;
  summary: string | null;
  /** Recent turns, oldest first, the shopper's new message last. */
  recent: TurnMessage[];
  /** Every order the shopper proved in this conversation (the current one is `ctx.verifiedOrder`). */
  provedOrders?: string[];
  /** The active policy version's public summary: the truth about windows, fees and resolutions. */
  policy?: PublicPolicySummary | null;
};

export type ModelTurnOptions = {
  client: OpenAI;
  model: string;
  /** The longest one request may take (the turn's budget bounds it further). */
  timeoutMs?: number;
  /** The longest a request may take to send its first token; default MODEL_FIRST_TOKEN_MS. */
  firstTokenMs?: number;
  /** The longest the whole turn may take; default MODEL_TURN_MS. */
  turnMs?: number;
  /** Called with each piece of the reply as it may be shown. */
  onDelta?: (text: string) => void;
};

/** Thrown when the model cannot give a usable answer this turn (the caller falls back). */
export class ModelUnavailableError extends Error {
  /** What was already shown to the shopper before the failure. */
  readonly shown: string;
  constructor(message: string, shown: string, cause?: unknown) {
    super(message, { cause });
    this.name = "ModelUnavailableError";
    this.shown = shown;
  }
}

/** The model sent nothing within the first-token budget: the turn falls back at once, with no retry. */
class FirstTokenTimeout extends Error {
  constructor(ms: number) {
    super(`the model sent nothing within ${ms} ms`);
    this.name = "FirstTokenTimeout";
  }
}

type RoundResult = { text: string; toolCalls: ChatCompletionMessageFunctionToolCall[]; finishReason: string | null };

/** Runs one turn with the model and returns the reply, its tool calls and sources; throws ModelUnavailableError on failure. */
export async function runModelTurn(input: ModelTurnInput, options: ModelTurnOptions): Promise<TurnResult> {
  const systemPrompt = buildAgentSystemPrompt({ shopName: input.shopName, settings: input.settings });
  const guard = createLeakGuard(systemPrompt);
  // Outcomes are Dokani's to state: a sentence of the model claiming one is shown only if the engine decided exactly that this turn.
  const outcomes = createOutcomeGuard();
  const verified = input.ctx.verifiedOrder;
  const messages: ChatCompletionMessageParam[] = buildAgentMessages({
    systemPrompt,
    state: {
      summaryOfEarlierMessages: input.summary,
      verifiedOrder: verified ? { name: verified.orderName } : null,
      provedOrders: input.provedOrders ?? (verified ? [verified.orderName] : []),
      returnPolicy: input.policy ?? null,
      today: new Date().toISOString().slice(0, 10),
      // By email the channel gives the sender's address: lookup_order takes that one only, so the shopper need only give the order number.
      ...(input.ctx.senderEmail !== undefined ? { channel: "email", senderEmail: input.ctx.senderEmail } : {}),
      // On WhatsApp the sender's number is proved: lookup_order tries it with the order number alone.
      ...(input.ctx.senderPhone ? { channel: "whatsapp", proofByPhone: true } : {}),
    },
    recent: input.recent,
  });
  const tools = toolDefinitions();
  const config = env();
  const firstTokenMs = options.firstTokenMs ?? config.MODEL_FIRST_TOKEN_MS;
  const deadline = Date.now() + (options.turnMs ?? config.MODEL_TURN_MS);
  const calls: ToolCallRecord[] = [];
  const sources = new Map<string, Source>();
  let handoff: TurnResult["handoff"];
  let decision: ToolOutcome["returnDecision"];
  let pendingReturn: ToolOutcome["pendingReturn"];
  let shown = "";
  let full = "";
  const emit = (piece: string) => {
    if (!piece) return;
    shown += piece;
    options.onDelta?.(piece);
  };

  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const last = round === MAX_ROUNDS;
    const result = await streamRound(messages, last, (piece) => {
      full += piece;
      emit(outcomes.push(guard.push(piece)));
    });
    if (guard.leaked) break;
    if (!result.toolCalls.length) break;
    if (last) throw new ModelUnavailableError("the model kept calling tools", shown);
    messages.push({ role: "assistant", content: result.text || null, tool_calls: result.toolCalls });
    for (const call of result.toolCalls) {
      let outcome: ToolOutcome;
      let args: unknown;
      try {
        ({ outcome, args } = await runToolCall(input.ctx, call.function.name, call.function.arguments));
      } catch (error) {
        log().warn({ err: error, tool: call.function.name }, "chat tool failed");
        outcome = { ok: false, result: { error: "tool_failed", message: "This did not work just now. Offer the shopper a person from the team." }, summary: "failed" };
        args = call.function.arguments.slice(0, 500);
      }
      calls.push({ id: call.id, name: call.function.name, arguments: args, ok: outcome.ok, summary: outcome.summary });
      for (const source of outcome.sources ?? []) sources.set(source.articleId, source);
      if (outcome.handoff) handoff = outcome.handoff;
      if (outcome.returnDecision) {
        decision = outcome.returnDecision;
        outcomes.decide(decision);
      }
      if (outcome.pendingReturn) pendingReturn = outcome.pendingReturn;
      messages.push({ role: "tool", tool_call_id: call.id, content: asTaggedData("tool_result", outcome.result) });
    }
  }

  if (guard.leaked) {
    // The reply began to repeat the instructions: what was held back is dropped and the turn ends with a refusal.
    const refusal = "I can't share how I work inside, but I'm happy to help with your order, a return or a question about the store.";
    emit(`${shown ? "\n\n" : ""}${refusal}`);
    return { text: shown, toolCalls: calls, sources: [], handoff, returnDecision: decision };
  }
  emit(outcomes.push(guard.flush()));
  emit(outcomes.flush());
  if (outcomes.dropped) log().warn({ dropped: outcomes.dropped, decided: decision?.status ?? null }, "chat model claimed a return outcome the engine did not decide; not shown");
  if (!full.trim() && !decision && !handoff && !pendingReturn) throw new ModelUnavailableError("the model gave an empty answer", shown);
  // The policy's decision, and the summary to confirm before one, are stated by Dokani itself, so no wording of the model can misreport them.
  if (decision) emit(`${shown ? "\n\n" : ""}${describeReturnDecision(decision, input.language)}`);
  else if (pendingReturn) emit(`${shown ? "\n\n" : ""}${describePendingReturn(pendingReturn, input.language)}`);
  return { text: shown.slice(0, MAX_REPLY_CHARS), toolCalls: calls, sources: [...sources.values()], handoff, returnDecision: decision, ...(pendingReturn && !decision ? { pendingReturn } : {}) };

  async function streamRound(body: ChatCompletionMessageParam[], last: boolean, onText: (piece: string) => void): Promise<RoundResult> {
    let gotText = false;
    try {
      // A round is tried again only while nothing of it reached the shopper.
      return await callModel(
        async () => {
          const left = deadline - Date.now();
          if (left <= 0) throw new ModelUnavailableError("the turn's time budget ran out", shown);
          const timeoutMs = Math.min(options.timeoutMs ?? MODEL_TIMEOUT_MS, left);
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(new Error("model timeout")), timeoutMs);
          let firstToken: NodeJS.Timeout | undefined = setTimeout(() => controller.abort(new FirstTokenTimeout(firstTokenMs)), Math.min(firstTokenMs, timeoutMs));
          const started = () => {
            clearTimeout(firstToken);
            firstToken = undefined;
          };
          try {
            const stream = await options.client.chat.completions.create(
              { model: options.model, messages: body, tools, tool_choice: last ? "none" : "auto", stream: true, parallel_tool_calls: false },
              { signal: controller.signal, maxRetries: 0, timeout: timeoutMs },
            );
            let text = "";
            let finishReason: string | null = null;
            const pending = new Map<number, { id: string; name: string; arguments: string }>();
            for await (const chunk of stream) {
              started();
              const choice = chunk.choices?.[0];
              if (!choice) continue;
              const delta = choice.delta;
              if (typeof delta?.content === "string" && delta.content) {
                gotText = true;
                text += delta.content;
                onText(delta.content);
              }
              for (const part of delta?.tool_calls ?? []) {
                const entry = pending.get(part.index) ?? { id: "", name: "", arguments: "" };
                if (part.id) entry.id = part.id;
                if (part.function?.name) entry.name += part.function.name;
                if (part.function?.arguments) entry.arguments += part.function.arguments;
                pending.set(part.index, entry);
              }
              if (choice.finish_reason) finishReason = choice.finish_reason;
            }
            // An aborted stream can end quietly instead of throwing: a cut-off answer is not a whole one.
            if (controller.signal.aborted) throw controller.signal.reason instanceof Error ? controller.signal.reason : new Error("model timeout");
            if (finishReason === "content_filter") throw new ModelUnavailableError("the model's answer was filtered", shown);
            const toolCalls = [...pending.entries()]
              .sort(([a], [b]) => a - b)
              .map(([, c]): ChatCompletionMessageFunctionToolCall => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
            return { text, toolCalls, finishReason };
          } catch (error) {
            // The SDK reports our abort as its own error; the reason tells a hang from a failure.
            if (controller.signal.reason instanceof FirstTokenTimeout) throw controller.signal.reason;
            throw error;
          } finally {
            clearTimeout(timer);
            clearTimeout(firstToken);
          }
        },
        {
          // Retried only while nothing was shown, the model did answer something, and the budget leaves room for a first token.
          mayRetry: (error) => !gotText && !(error instanceof ModelUnavailableError) && !(error instanceof FirstTokenTimeout) && deadline - Date.now() > firstTokenMs,
        },
      );
    } catch (error) {
      if (error instanceof ModelUnavailableError) throw error;
      throw new ModelUnavailableError("the model did not answer", shown, error);
    }
  }
}
