import twilio from "twilio";
import { env } from "../../env.server";

/** Twilio's public REST API; `TWILIO_API_BASE_URL` replaces it for a regional endpoint or a local fake. */
export const TWILIO_API_URL = "https://api.twilio.com";

/** The REST API base URL Dokani calls, without a trailing slash. */
export function twilioApiBaseUrl(): string {
  const config = env();
  // The demo talks to its own phone simulator (app/.server/demo/whatsapp-simulator.server.ts) unless told otherwise.
  const fallback = config.mode === "demo" ? `${config.appUrl}/demo/twilio` : TWILIO_API_URL;
  return (config.TWILIO_API_BASE_URL ?? fallback).replace(/\/+$/, "");
}

/** A URL the SDK built for api.twilio.com (or a media URL Twilio gave us), moved onto the configured base URL. */
export function rebaseTwilioUrl(uri: string): string {
  const url = new URL(uri);
  return `${twilioApiBaseUrl()}${url.pathname}${url.search}`;
}

/** Whether a URL is on Twilio's REST API (or the configured base URL): the only place media is fetched from with the account's credentials. */
export function isTwilioApiUrl(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  const base = new URL(twilioApiBaseUrl());
  if (url.origin === base.origin) return true;
  return url.protocol === "https:" && (url.hostname === "api.twilio.com" || /^api\.[a-z0-9-]+\.[a-z0-9]+\.twilio\.com$/.test(url.hostname)) && !url.port;
}

/** The SDK's own HTTP client, wrapped so every call goes to the configured base URL. */
function rebasingHttpClient(): twilio.RequestClient {
  const inner = new twilio.RequestClient({ timeout: 15_000 });
  const wrapper = Object.create(inner) as twilio.RequestClient;
  wrapper.request = (opts) => inner.request({ ...opts, uri: rebaseTwilioUrl(opts.uri) });
  return wrapper;
}

/** The `twilio` SDK client of one shop's account. */
export function twilioClient(accountSid: string, authToken: string): twilio.Twilio {
  return twilio(accountSid, authToken, { httpClient: rebasingHttpClient() });
}

/** Twilio's error (RestException) in the shape Dokani keeps: its code and its own words. */
export function twilioError(error: unknown): { status: number | null; code: number | null; message: string } | null {
  if (error instanceof twilio.RestException) return { status: error.status, code: error.code ?? null, message: error.message || "Twilio refused the request." };
  return null;
}
