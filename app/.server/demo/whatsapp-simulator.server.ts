import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { DEMO_SHOPPER_PHONE } from "./demo-orders";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { connectWhatsApp, publicBaseUrl, WhatsAppConnectionInput, whatsAppWebhookUrls } from "../channels/whatsapp/whatsapp-connection.server";
import { REPLY_WINDOW_MS } from "../channels/whatsapp/reply-window";
import { db } from "../db.server";
import { env } from "../env.server";
import { log } from "../logger.server";
import { SYSTEM_ACTOR } from "../audit/record-audit";

/**
 * The demo's phone simulator: it plays Twilio's part so a merchant can watch the WhatsApp channel
 * work before connecting an account. It is a Twilio account (`/demo/twilio`, Dokani's
 * `TWILIO_API_BASE_URL` in demo mode) that checks Basic auth and Messages.json's fields, and a
 * shopper's phone that posts signed inbound messages to the real webhook and signed status
 * callbacks (sent, delivered, read; failed with 63016 for free-form text outside the window) to
 * the real status URL. Nothing here runs outside demo mode.
 */

export const SIMULATOR_ACCOUNT_SID = "AC0de0000000000000000000000000d0ca";
export const SIMULATOR_SENDER = "whatsapp:+14155238886";
export const SIMULATOR_SHOPPER = `whatsapp:${DEMO_SHOPPER_PHONE}`;
export const SIMULATOR_TEMPLATE = { name: "return_update", contentSid: "HX0de00000000000000000000000000001", variables: ["1", "2"] };
/** What the simulated template says, with its variables filled, as the shopper's phone shows it. */
const TEMPLATE_TEXT = "Hi {{1}}, there is news about your return for order {{2}}. Reply to this message to chat with us.";

export type SimulatedMessage = {
  sid: string;
  direction: "inbound" | "outbound";
  text: string;
  at: string;
  status: "received" | "queued" | "sent" | "delivered" | "read" | "failed";
  errorCode: number | null;
};

type SimulatorState = { token: string | null; thread: SimulatedMessage[]; lastInboundAt: number | null };
const globalForSimulator = globalThis as { __dokaniWhatsAppSimulator?: SimulatorState };
function state(): SimulatorState {
  return (globalForSimulator.__dokaniWhatsAppSimulator ??= { token: null, thread: [], lastInboundAt: null });
}

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

/** The simulated account's auth token: made once and kept in the data folder, like the demo's API key. */
export async function simulatorToken(): Promise<string> {
  const current = state();
  if (current.token) return current.token;
  const file = path.join(env().dataDir, "demo-twilio-token");
  let token = (await readFile(file, "utf8").catch(() => "")).trim();
  if (!/^[0-9a-f]{32}$/.test(token)) {
    token = randomBytes(16).toString("hex");
    await writeFile(file, token, { mode: 0o600 });
  }
  current.token = token;
  return token;
}

/** Twilio's signature: base64 HMAC-SHA1 of the URL and the sorted form fields. */
function sign(token: string, url: string, form: Record<string, string>): string {
  const data = Object.keys(form)
    .sort()
    .reduce((acc, key) => acc + key + form[key], url);
  return createHmac("sha1", token).update(data, "utf8").digest("base64");
}

/** Posts a form to Dokani signed as Twilio signs: the URL signed is the public one, the request goes to the app itself. */
async function postSigned(publicUrl: string, form: Record<string, string>): Promise<Response> {
  const token = await simulatorToken();
  const local = `${env().appUrl}${new URL(publicUrl).pathname}`;
  return fetch(local, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sign(token, publicUrl, form) },
    body: new URLSearchParams(form).toString(),
  });
}

/** Connects the demo shop's WhatsApp to the simulated account, through the same check a real account gets. */
export async function connectSimulator(shopId: string) {
  const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
  const input = WhatsAppConnectionInput.parse({ accountSid: SIMULATOR_ACCOUNT_SID, authToken: await simulatorToken(), from: SIMULATOR_SENDER, templates: [SIMULATOR_TEMPLATE] });
  return connectWhatsApp({ shop, actor: SYSTEM_ACTOR }, input);
}

/** The phone's thread, oldest first. */
export function simulatorThread(): SimulatedMessage[] {
  return [...state().thread];
}

/** The shopper types on the phone: Twilio's inbound webhook, signed, on the real path. */
export async function sendFromPhone(shopId: string, text: string, profileName = "Alex Doe"): Promise<{ status: number }> {
  const messageSid = sid("SM");
  const form: Record<string, string> = {
    SmsMessageSid: messageSid, NumMedia: "0", ProfileName: profileName, MessageType: "text", SmsSid: messageSid, WaId: SIMULATOR_SHOPPER.slice(10),
    SmsStatus: "received", Body: text, To: SIMULATOR_SENDER, NumSegments: "1", ReferralNumMedia: "0", MessageSid: messageSid, AccountSid: SIMULATOR_ACCOUNT_SID,
    From: SIMULATOR_SHOPPER, ApiVersion: "2010-04-01",
  };
  const current = state();
  current.lastInboundAt = Date.now();
  current.thread.push({ sid: messageSid, direction: "inbound", text, at: new Date().toISOString(), status: "received", errorCode: null });
  const response = await postSigned(whatsAppWebhookUrls(shopId).webhookUrl, form);
  return { status: response.status };
}

/**
 * "A day passes" for the demo: the phone's and Dokani's records of the shopper's messages move 25
 * hours back, so the merchant sees the window close and the templates offered.
 */
export async function ageSimulatorConversation(shopId: string) {
  const current = state();
  const shift = REPLY_WINDOW_MS + 3600_000;
  if (current.lastInboundAt) current.lastInboundAt -= shift;
  // In place: a status callback still playing holds its message.
  for (const m of current.thread) m.at = new Date(new Date(m.at).getTime() - shift).toISOString();
  const conversations = await db().conversation.findMany({ where: { shopId, channel: "whatsapp", metadata: { path: ["whatsapp", "address"], equals: SIMULATOR_SHOPPER } }, select: { id: true } });
  for (const { id } of conversations) {
    await db().$executeRaw`UPDATE "messages" SET "createdAt" = "createdAt" - (${shift}::int * interval '1 millisecond') WHERE "conversationId" = ${id}::uuid AND "shopId" = ${shopId}::uuid`;
    await db().$executeRaw`UPDATE "conversations" SET "lastMessageAt" = "lastMessageAt" - (${shift}::int * interval '1 millisecond') WHERE "id" = ${id}::uuid`;
  }
}

function twilioError(status: number, code: number, message: string): Response {
  return Response.json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, { status });
}

function authorised(request: Request, token: string): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.get("authorization") ?? "");
  if (!match) return false;
  const expected = Buffer.from(`${SIMULATOR_ACCOUNT_SID}:${token}`);
  const given = Buffer.from(match[1]!, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const MessageForm = z.object({
  To: z.string().regex(/^whatsapp:/),
  From: z.string().regex(/^whatsapp:/),
  Body: z.string().max(1600).optional(),
  ContentSid: z.string().regex(/^HX[0-9a-f]{32}$/).optional(),
  ContentVariables: z.string().optional(),
  StatusCallback: z.string().url().optional(),
});

/** The simulated Twilio REST API: GET Accounts/{sid}.json and POST Accounts/{sid}/Messages.json. */
export async function handleSimulatedTwilioApi(request: Request, apiPath: string): Promise<Response> {
  const token = await simulatorToken();
  if (!authorised(request, token)) return twilioError(401, 20003, "Authenticate");
  if (request.method === "GET" && apiPath === `2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}.json`) {
    return Response.json({ sid: SIMULATOR_ACCOUNT_SID, friendly_name: "Dokani demo phone simulator", status: "active", type: "Trial" });
  }
  if (request.method !== "POST" || apiPath !== `2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json`) return twilioError(404, 20404, `The requested resource /${apiPath} was not found`);
  if (!(request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) return twilioError(400, 20001, "Content-Type must be application/x-www-form-urlencoded");
  const form = Object.fromEntries(new URLSearchParams(await request.text()));
  const parsed = MessageForm.safeParse(form);
  if (!parsed.success) return twilioError(400, 21602, "Message body is required.");
  const { Body, ContentSid, ContentVariables, StatusCallback } = parsed.data;
  if (!Body && !ContentSid) return twilioError(400, 21602, "Message body is required.");
  let text = Body ?? "";
  if (ContentSid) {
    let variables: Record<string, string>;
    try {
      variables = z.record(z.string(), z.string()).parse(JSON.parse(ContentVariables ?? "{}"));
    } catch {
      return twilioError(400, 21656, "The ContentVariables Parameter is invalid.");
    }
    if (ContentSid !== SIMULATOR_TEMPLATE.contentSid) return twilioError(400, 21656, "The ContentSid is invalid.");
    text = TEMPLATE_TEXT.replace(/\{\{(\w+)\}\}/g, (_, key: string) => variables[key] ?? "");
  }
  const current = state();
  const insideWindow = (!!ContentSid && !Body) || (current.lastInboundAt !== null && Date.now() - current.lastInboundAt < REPLY_WINDOW_MS);
  const message: SimulatedMessage = { sid: sid("SM"), direction: "outbound", text, at: new Date().toISOString(), status: "queued", errorCode: null };
  current.thread.push(message);
  if (StatusCallback) void playStatuses(message, StatusCallback, insideWindow);
  return Response.json({ sid: message.sid, status: "queued", account_sid: SIMULATOR_ACCOUNT_SID, to: parsed.data.To, from: parsed.data.From, body: text, direction: "outbound-api", error_code: null, error_message: null, num_media: "0", date_created: new Date().toUTCString() }, { status: 201 });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Twilio's status callbacks for one message, a moment apart, as the phone receives and reads it. */
async function playStatuses(message: SimulatedMessage, callbackUrl: string, insideWindow: boolean) {
  const steps: Array<{ status: SimulatedMessage["status"]; errorCode?: number }> = insideWindow ? [{ status: "sent" }, { status: "delivered" }, { status: "read" }] : [{ status: "failed", errorCode: 63016 }];
  for (const step of steps) {
    await pause(400);
    message.status = step.status;
    message.errorCode = step.errorCode ?? null;
    const form: Record<string, string> = { MessageSid: message.sid, SmsSid: message.sid, MessageStatus: step.status, SmsStatus: step.status, AccountSid: SIMULATOR_ACCOUNT_SID, From: SIMULATOR_SENDER, To: SIMULATOR_SHOPPER, ApiVersion: "2010-04-01", ...(step.errorCode ? { ErrorCode: String(step.errorCode) } : {}) };
    try {
      // The callback goes to the URL Dokani gave, on this very app.
      if (new URL(callbackUrl).origin !== new URL(publicBaseUrl()).origin) return;
      await postSigned(callbackUrl, form);
    } catch (error) {
      log().warn({ err: error }, "The phone simulator could not post a status callback");
    }
  }
}
