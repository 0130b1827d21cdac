import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake of the slice of Twilio's REST API Dokani uses, served over real HTTP so the real `twilio`
 * SDK talks to it (through `TWILIO_API_BASE_URL`): GET Accounts/{sid}.json, POST
 * Accounts/{sid}/Messages.json and media (GET …/Media/{ME}, redirected to a public store as Twilio
 * does). It refuses what Twilio refuses: Basic auth must be the account SID and its auth token
 * (20003), another account's path is 20404, the body must be form-encoded with `To`, `From` (or
 * `MessagingServiceSid`) and one of `Body`, `MediaUrl`, `ContentSid`; `ContentSid` must be an HX
 * SID and `ContentVariables` a JSON object *string*; `To`/`From` must both be WhatsApp addresses
 * (63007 otherwise). Errors are Twilio's JSON `{code, message, more_info, status}`.
 *
 * It also plays the WhatsApp side: `signedRequest` builds a request signed as Twilio signs
 * (base64 HMAC-SHA1 of the URL and the sorted form fields, written here independently of the SDK),
 * `inbound` a shopper's message (which opens the 24-hour window, as only inbound messages do), and
 * `statuses` the callbacks of a sent message: sent → delivered → read, or failed with 63016 for
 * free-form text outside the window.
 */

export type FakeTwilioMessage = {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string | null;
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
  mediaUrls: string[];
  statusCallback: string | null;
  /** Whether WhatsApp would take it: a template, or free-form text inside the window. */
  insideWindow: boolean;
};

export type FakeTwilioCall = { method: string; path: string; status: number; auth: string | null; form?: Record<string, string | string[]> };

const WINDOW_MS = 24 * 3600 * 1000;

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
export const fakeSid = (prefix: string) => `${prefix}${hex(16)}`;

/** Twilio's signature of a request: base64 HMAC-SHA1(auth token, URL + each sorted key followed by its value). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}

function twilioError(res: http.ServerResponse, status: number, code: number, message: string) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

function formOf(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

export type FakeTwilio = Awaited<ReturnType<typeof createFakeTwilio>>;

/** Starts the fake with one account; `url` is its base URL (what `TWILIO_API_BASE_URL` is set to). */
export async function createFakeTwilio(options: { accountSid?: string; authToken?: string; accountStatus?: "active" | "suspended" | "closed" } = {}) {
  const accountSid = options.accountSid ?? fakeSid("AC");
  const authToken = options.authToken ?? hex(16);
  let accountStatus = options.accountStatus ?? "active";
  const messages: FakeTwilioMessage[] = [];
  const calls: FakeTwilioCall[] = [];
  const media = new Map<string, { bytes: Buffer; contentType: string }>();
  /** When each WhatsApp user last wrote to each business sender (`user|sender`). */
  const lastInbound = new Map<string, number>();
  let now = () => Date.now();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    const header = req.headers.authorization ?? null;
    const record = (status: number, form?: Record<string, string | string[]>) => calls.push({ method: req.method ?? "GET", path, status, auth: header, form });

    const stored = /^\/media-store\/([A-Za-z0-9]+)$/.exec(path);
    if (stored && req.method === "GET") {
      const item = media.get(stored[1]!);
      record(item ? 200 : 404);
      if (!item) return twilioError(res, 404, 20404, "The requested resource was not found");
      res.writeHead(200, { "Content-Type": item.contentType, "Content-Length": String(item.bytes.byteLength) });
      return res.end(item.bytes);
    }

    let user: string | null = null;
    let password: string | null = null;
    const basic = header ? /^Basic ([A-Za-z0-9+/=]+)$/.exec(header) : null;
    if (basic) {
      const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
      const at = decoded.indexOf(":");
      if (at > 0) [user, password] = [decoded.slice(0, at), decoded.slice(at + 1)];
    }
    if (user !== accountSid || password !== authToken) {
      record(401);
      res.setHeader("WWW-Authenticate", 'Basic realm="Twilio API"');
      return twilioError(res, 401, 20003, "Authenticate");
    }

    const account = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})(?:\.json|\/(.*))$/.exec(path);
    if (!account || account[1] !== accountSid) {
      record(404);
      return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
    }
    const rest = account[2];
    if (!rest && req.method === "GET") {
      record(200);
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ sid: accountSid, friendly_name: "Fake Twilio account", status: accountStatus, type: "Full", owner_account_sid: accountSid, date_created: new Date().toUTCString(), uri: `/2010-04-01/Accounts/${accountSid}.json` }));
    }

    const mediaPath = /^Messages\/(MM[0-9a-f]{32})\/Media\/(ME[0-9a-f]{32})$/.exec(rest ?? "");
    if (mediaPath && req.method === "GET") {
      const item = media.get(mediaPath[2]!);
      record(item ? 302 : 404);
      if (!item) return twilioError(res, 404, 20404, "The requested resource was not found");
      // Twilio answers media with a redirect to its media store, which needs no credentials.
      res.writeHead(302, { Location: `http://127.0.0.1:${port}/media-store/${mediaPath[2]}` });
      return res.end();
    }

    if (rest === "Messages.json" && req.method === "POST") {
      if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
        record(400);
        return twilioError(res, 400, 20001, "Content-Type must be application/x-www-form-urlencoded");
      }
      const form = formOf(await readBody(req));
      const one = (key: string) => (Array.isArray(form[key]) ? (form[key] as string[])[0] : (form[key] as string | undefined));
      const fail = (code: number, message: string) => {
        record(400, form);
        twilioError(res, 400, code, message);
      };
      const to = one("To");
      const from = one("From");
      if (!to) return fail(21604, "A 'To' phone number is required.");
      if (!from && !one("MessagingServiceSid")) return fail(21603, "A 'From' phone number is required.");
      const body = one("Body") ?? null;
      const mediaUrls = form.MediaUrl === undefined ? [] : ([] as string[]).concat(form.MediaUrl);
      const contentSid = one("ContentSid") ?? null;
      if (!body && !mediaUrls.length && !contentSid) return fail(21602, "Message body is required.");
      if (contentSid && !/^HX[0-9a-f]{32}$/.test(contentSid)) return fail(21656, "The ContentSid is invalid.");
      let contentVariables: Record<string, string> | null = null;
      const rawVariables = one("ContentVariables");
      if (rawVariables !== undefined) {
        try {
          const parsed = JSON.parse(rawVariables) as unknown;
          if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
          contentVariables = parsed as Record<string, string>;
        } catch {
          return fail(21656, "The ContentVariables Parameter is invalid.");
        }
      }
      if (!to.startsWith("whatsapp:") || (from && !from.startsWith("whatsapp:"))) return fail(63007, "Twilio could not find a Channel with the specified From address");
      const opened = lastInbound.get(`${to}|${from}`);
      const insideWindow = contentSid !== null && !body && !mediaUrls.length ? true : opened !== undefined && now() - opened < WINDOW_MS;
      const message: FakeTwilioMessage = { sid: fakeSid("SM"), accountSid, to, from: from ?? "", body, contentSid, contentVariables, mediaUrls, statusCallback: one("StatusCallback") ?? null, insideWindow };
      messages.push(message);
      record(201, form);
      res.writeHead(201, { "Content-Type": "application/json" });
      const created = new Date(now()).toUTCString();
      return res.end(
        JSON.stringify({
          account_sid: accountSid, api_version: "2010-04-01", body: body ?? "", date_created: created, date_sent: null, date_updated: created, direction: "outbound-api",
          error_code: null, error_message: null, from: message.from, messaging_service_sid: one("MessagingServiceSid") ?? null, num_media: String(mediaUrls.length), num_segments: "1",
          price: null, price_unit: "USD", sid: message.sid, status: "queued", subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}/Media.json` }, to, uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
        }),
      );
    }
    record(404);
    return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
  });
  // Idle sockets are the client's to close (see tests/fakes/openai.ts).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  /** A POST to `url` signed as Twilio signs it, with the form fields given. */
  function signedRequest(url: string, params: Record<string, string>, options: { token?: string; headers?: Record<string, string>; signUrl?: string } = {}): Request {
    const signature = twilioSignature(options.token ?? authToken, options.signUrl ?? url, params);
    return new Request(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "X-Twilio-Signature": signature, "I-Twilio-Idempotency-Token": hex(8), ...options.headers },
      body: new URLSearchParams(params).toString(),
    });
  }

  return {
    url: base,
    accountSid,
    authToken,
    messages,
    calls,
    /** Makes the clock the window is judged by (tests move it past 24 hours). */
    setClock(clock: () => number) {
      now = clock;
    },
    suspend() {
      accountStatus = "suspended";
    },
    /** Keeps a photo Twilio would host; answers its media URL as Twilio's webhook names it. */
    addMedia(bytes: Buffer, contentType: string): { url: string; messageSid: string } {
      const messageSid = fakeSid("MM");
      const mediaSid = fakeSid("ME");
      media.set(mediaSid, { bytes, contentType });
      return { url: `${base}/2010-04-01/Accounts/${accountSid}/Messages/${messageSid}/Media/${mediaSid}`, messageSid };
    },
    signedRequest,
    /** The form of a shopper's WhatsApp message to `to`, as Twilio posts it; it opens the 24-hour window. */
    inboundForm(input: { from: string; to: string; body?: string; profileName?: string; messageSid?: string; media?: Array<{ url: string; contentType: string }>; extra?: Record<string, string> }): Record<string, string> {
      const sid = input.messageSid ?? fakeSid(input.media?.length ? "MM" : "SM");
      lastInbound.set(`${input.from}|${input.to}`, now());
      const form: Record<string, string> = {
        SmsMessageSid: sid, NumMedia: String(input.media?.length ?? 0), ProfileName: input.profileName ?? "Ann", MessageType: input.media?.length ? "image" : "text",
        SmsSid: sid, WaId: input.from.replace(/^whatsapp:\+/, ""), SmsStatus: "received", Body: input.body ?? "", To: input.to, NumSegments: "1", ReferralNumMedia: "0",
        MessageSid: sid, AccountSid: accountSid, From: input.from, ApiVersion: "2010-04-01", ...input.extra,
      };
      if (!/^whatsapp:\+/.test(input.from)) delete form.WaId;
      for (const [i, m] of (input.media ?? []).entries()) {
        form[`MediaUrl${i}`] = m.url;
        form[`MediaContentType${i}`] = m.contentType;
      }
      return form;
    },
    /** The status callbacks Twilio would send for a message, in order: sent, delivered, read; or failed with 63016 outside the window. */
    statusForms(sid: string, statuses?: Array<{ status: string; errorCode?: number }>): Array<{ url: string; form: Record<string, string> }> {
      const message = messages.find((m) => m.sid === sid);
      if (!message?.statusCallback) return [];
      const steps = statuses ?? (message.insideWindow ? [{ status: "sent" }, { status: "delivered" }, { status: "read" }] : [{ status: "failed", errorCode: 63016 }]);
      return steps.map((step) => ({
        url: message.statusCallback!,
        form: {
          MessageSid: sid, SmsSid: sid, MessageStatus: step.status, SmsStatus: step.status, AccountSid: accountSid, From: message.from, To: message.to, ApiVersion: "2010-04-01",
          ChannelToAddress: message.to.replace(/^whatsapp:/, ""), ChannelPrefix: "whatsapp", ...(step.errorCode ? { ErrorCode: String(step.errorCode), ErrorMessage: "" } : {}),
        },
      }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
