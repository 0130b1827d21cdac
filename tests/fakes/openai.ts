import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A stand-in for OpenAI's chat completions endpoint on 127.0.0.1. Like the real API it refuses a
 * wrong key (401) and a malformed request (400): no model, bad message roles, a tool message that
 * answers no tool call, a tool call left unanswered, a tool without a name or an object schema.
 * Each test scripts the answers: text (streamed in pieces when asked to stream), tool calls, an
 * HTTP error, or a request left hanging (for timeouts). A streamed text can wait after its first
 * piece until the test lets it go on (`hold`), so a test can watch an answer arrive in pieces.
 *
 * `POST /v1/embeddings` answers deterministic vectors: the words of each input, a few synonyms
 * folded into one word (`SYNONYMS`), each add one to a hashed bucket, normalised. Texts sharing
 * words or synonyms are close; others are nearly orthogonal. Tests can script failures for it.
 */

export const FAKE_OPENAI_KEY = "sk-test-dokani";

export type ScriptedToolCall = { name: string; arguments: unknown; id?: string };
export type ChatRequestBody = {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content?: unknown; tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: { type?: string } } }>;
  tool_choice?: unknown;
};
export type ScriptedReply =
  | { text: string; pieces?: number; hold?: Promise<unknown> }
  | { toolCalls: ScriptedToolCall[]; text?: string }
  | { error: number; message?: string }
  | { hang: true }
  | ((body: ChatRequestBody) => ScriptedReply);

export type EmbeddingsRequestBody = { model: string; input: string | string[]; dimensions?: number; encoding_format?: string };
export type ScriptedEmbeddingReply = { error: number; message?: string } | { hang: true };

/** The embedding models the fake knows, with the length of their vectors. */
export const FAKE_EMBEDDING_MODELS: Record<string, number> = { "text-embedding-3-small": 1536, "text-embedding-3-large": 3072 };

/** Words folded into one meaning, so a query can be near a passage without sharing its words. */
export const SYNONYMS: ReadonlyArray<readonly string[]> = [
  ["abroad", "international", "overseas", "foreign", "worldwide"],
  ["ship", "shipping", "send", "sending", "post", "posting", "deliver", "delivery", "dispatch"],
  ["parcel", "package", "packet"],
  ["refund", "reimbursement", "repayment"],
];
const STOP_WORDS = new Set(["a", "an", "the", "to", "of", "in", "on", "for", "we", "our", "you", "your", "is", "are", "do", "does", "how", "what", "and", "or", "it", "my", "i", "can", "with", "within", "every"]);

/** The fake's vector for a text: hashed bag of words, synonyms folded, unit length. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (STOP_WORDS.has(raw)) continue;
    const word = raw.length > 3 ? raw.replace(/s$/, "") : raw;
    const meaning = SYNONYMS.find((group) => group.includes(raw) || group.includes(word))?.[0] ?? word;
    let hash = 2166136261;
    for (const char of meaning) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    vector[hash % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

export class FakeOpenAI {
  /** Every valid request, in order. */
  readonly requests: ChatRequestBody[] = [];
  /** Requests refused as malformed, with the reason. */
  readonly refused: string[] = [];
  /** Every valid embeddings request, in order. */
  readonly embeddingRequests: EmbeddingsRequestBody[] = [];
  private embeddingScript: ScriptedEmbeddingReply[] = [];
  private script: ScriptedReply[] = [];
  /** What to answer when the script is empty. */
  fallback: ScriptedReply = { text: "Happy to help with that." };
  private server: Server | null = null;
  private callCounter = 0;

  /** Starts listening; returns the base URL to give the OpenAI client (`…/v1`). */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // The SDK's fetch keeps idle sockets for 4 s; a server that closes them sooner (Node's default is
    // 5 s, and a busy machine's timers drift) can close one just as the client reuses it, which the
    // client reports as a connection error instead of the answer a test scripted.
    this.server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
    this.server = null;
  }

  /** Queues the answers to the next requests, in order. */
  enqueue(...replies: ScriptedReply[]) {
    this.script.push(...replies);
  }

  /** Queues failures for the next embeddings requests; with none queued they are answered. */
  enqueueEmbeddings(...replies: ScriptedEmbeddingReply[]) {
    this.embeddingScript.push(...replies);
  }

  /** Forgets the script and the recorded requests. */
  reset() {
    this.script = [];
    this.embeddingScript = [];
    this.requests.length = 0;
    this.embeddingRequests.length = 0;
    this.refused.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || (req.url !== "/v1/chat/completions" && req.url !== "/v1/embeddings")) return apiError(res, 404, "Unknown endpoint.");
    if (req.headers.authorization !== `Bearer ${FAKE_OPENAI_KEY}`) return apiError(res, 401, "Incorrect API key provided.");
    if (req.url === "/v1/embeddings") return this.handleEmbeddings(res, Buffer.concat(chunks).toString("utf8"));
    let body: ChatRequestBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequestBody;
    } catch {
      return apiError(res, 400, "We could not parse the JSON body of your request.");
    }
    const problem = shapeProblem(body);
    if (problem) {
      this.refused.push(problem);
      return apiError(res, 400, problem);
    }
    this.requests.push(body);
    let reply = this.script.shift() ?? this.fallback;
    while (typeof reply === "function") reply = reply(body);
    if ("hang" in reply) return;
    if ("error" in reply) return apiError(res, reply.error, reply.message ?? "The server had an error while processing your request.");
    const toolCalls = "toolCalls" in reply ? reply.toolCalls.map((c) => ({ id: c.id ?? `call_${++this.callCounter}`, name: c.name, arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments) })) : [];
    const text = reply.text ?? "";
    if (body.stream) return streamAnswer(res, body.model, text, toolCalls, "pieces" in reply ? (reply.pieces ?? 4) : 4, "hold" in reply ? reply.hold : undefined);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "chatcmpl-test",
        object: "chat.completion",
        created: 1_767_225_600,
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: text || null, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })) } : {}) },
            finish_reason: toolCalls.length ? "tool_calls" : "stop",
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      }),
    );
  }

  private handleEmbeddings(res: ServerResponse, raw: string) {
    let body: EmbeddingsRequestBody;
    try {
      body = JSON.parse(raw) as EmbeddingsRequestBody;
    } catch {
      return apiError(res, 400, "We could not parse the JSON body of your request.");
    }
    const inputs = typeof body.input === "string" ? [body.input] : body.input;
    const size = FAKE_EMBEDDING_MODELS[body.model];
    const problem = !body.model
      ? "you must provide a model parameter"
      : !size
        ? `The model \`${body.model}\` does not exist`
        : !Array.isArray(inputs) || inputs.length === 0 || inputs.length > 2048 || inputs.some((i) => typeof i !== "string" || !i.trim())
          ? "input must be a non-empty string or an array of 1 to 2048 non-empty strings"
          : body.encoding_format !== undefined && body.encoding_format !== "float" && body.encoding_format !== "base64"
            ? "encoding_format must be float or base64"
            : null;
    if (problem) {
      this.refused.push(problem);
      return apiError(res, 400, problem);
    }
    this.embeddingRequests.push(body);
    const reply = this.embeddingScript.shift();
    if (reply && "hang" in reply) return;
    if (reply) return apiError(res, reply.error, reply.message ?? "The server had an error while processing your request.");
    const dimensions = body.dimensions ?? size!;
    const data = inputs.map((input, index) => {
      const vector = fakeEmbedding(input, dimensions);
      // The SDK asks for base64 (little-endian float32) and decodes it itself.
      const embedding = body.encoding_format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
      return { object: "embedding", index, embedding };
    });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: inputs.length * 8, total_tokens: inputs.length * 8 } }));
  }
}

function shapeProblem(body: ChatRequestBody): string | null {
  if (typeof body.model !== "string" || !body.model) return "you must provide a model parameter";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "messages must be a non-empty array";
  const open = new Set<string>();
  for (const [i, m] of body.messages.entries()) {
    if (!["system", "user", "assistant", "tool", "developer"].includes(m.role)) return `messages[${i}].role is invalid`;
    if (m.role === "tool") {
      if (!m.tool_call_id || !open.has(m.tool_call_id)) return `messages[${i}]: a tool message must answer a preceding tool_calls id`;
      open.delete(m.tool_call_id);
      continue;
    }
    if (open.size) return `messages[${i}]: an assistant message with tool_calls must be followed by tool messages for each tool_call_id`;
    if (m.role === "assistant" && m.tool_calls) {
      for (const call of m.tool_calls) {
        if (!call.id || call.type !== "function" || typeof call.function?.name !== "string" || typeof call.function.arguments !== "string") return `messages[${i}].tool_calls is invalid`;
        open.add(call.id);
      }
    } else if (typeof m.content !== "string" && !Array.isArray(m.content)) {
      return `messages[${i}].content must be a string or an array`;
    }
  }
  if (open.size) return "an assistant message with tool_calls must be followed by tool messages for each tool_call_id";
  for (const [i, tool] of (body.tools ?? []).entries()) {
    if (tool.type !== "function" || !/^[A-Za-z0-9_-]{1,64}$/.test(tool.function?.name ?? "")) return `tools[${i}] is invalid`;
    if (tool.function.parameters && tool.function.parameters.type !== "object") return `tools[${i}].function.parameters must be an object schema`;
  }
  return null;
}

function apiError(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code: null } }));
}

async function streamAnswer(res: ServerResponse, model: string, text: string, toolCalls: Array<{ id: string; name: string; arguments: string }>, pieces: number, hold?: Promise<unknown>) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    res.write(`data: ${JSON.stringify({ id: "chatcmpl-test", object: "chat.completion.chunk", created: 1_767_225_600, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`);
  chunk({ role: "assistant", content: "" });
  if (text) {
    const size = Math.max(1, Math.ceil(text.length / pieces));
    for (let i = 0; i < text.length; i += size) {
      chunk({ content: text.slice(i, i + size) });
      if (i === 0 && hold) await hold;
    }
  }
  toolCalls.forEach((call, index) => {
    chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] });
    const half = Math.ceil(call.arguments.length / 2);
    chunk({ tool_calls: [{ index, function: { arguments: call.arguments.slice(0, half) } }] });
    chunk({ tool_calls: [{ index, function: { arguments: call.arguments.slice(half) } }] });
  });
  chunk({}, toolCalls.length ? "tool_calls" : "stop");
  res.write("data: [DONE]\n\n");
  res.end();
}
