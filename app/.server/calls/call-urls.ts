import { env } from "../env.server";

/** The public base URL providers call back: `DOKANI_PUBLIC_URL`, else the app's URL. */
export function callbackBaseUrl(): string {
  return (env().DOKANI_PUBLIC_URL ?? env().appUrl).replace(/\/+$/, "");
}

/** The URLs a shop's voice agent calls: the post-call webhook, the inbound-call initiation webhook and one per tool. */
export function callWebhookUrls(shopId: string) {
  const base = `${callbackBaseUrl()}/webhooks/elevenlabs/${shopId}`;
  return { postCall: base, initiation: `${base}/initiation`, tool: (name: string) => `${base}/tools/${name}` };
}

/** Where Tavus posts one video call's events, with the call's own token. */
export function tavusCallbackUrl(callId: string, token: string): string {
  return `${callbackBaseUrl()}/webhooks/tavus/${callId}?token=${encodeURIComponent(token)}`;
}
