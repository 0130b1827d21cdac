import { z } from "zod";
import { AppError } from "../../errors";
import type { InboundIdentity } from "../channel";

/** The longest text kept from one WhatsApp message (WhatsApp's own limit is 4,096 characters). */
export const MAX_WHATSAPP_TEXT = 4_000;
/** Twilio forwards at most ten media items with one message. */
export const MAX_WHATSAPP_MEDIA = 10;

const PHONE_ADDRESS = /^whatsapp:(\+[1-9][0-9]{6,14})$/;
/** A WhatsApp user id without a phone number (2026 usernames, "BSUID"): `whatsapp:US.ENT.abc123`. */
const USER_ID_ADDRESS = /^whatsapp:([A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128})$/;

const optionalText = (max: number) => z.string().max(max).optional();

/** The form fields Dokani reads from Twilio's inbound WhatsApp webhook; Twilio adds fields without notice, so others are ignored. */
export const WhatsAppInboundForm = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/, "must be a Twilio message SID"),
  AccountSid: z.string().regex(/^AC[0-9a-f]{32}$/, "must be a Twilio account SID"),
  From: z.string().refine((v) => PHONE_ADDRESS.test(v) || USER_ID_ADDRESS.test(v), "must be a WhatsApp address"),
  To: z.string().regex(/^whatsapp:\+[1-9][0-9]{6,14}$/, "must be a WhatsApp address"),
  Body: z.string().max(20_000).default(""),
  NumMedia: z.coerce.number().int().min(0).max(MAX_WHATSAPP_MEDIA).default(0),
  MessageType: optionalText(40),
  ProfileName: optionalText(200),
  WaId: z.string().regex(/^[0-9]{7,15}$/).optional(),
  Latitude: z.coerce.number().min(-90).max(90).optional(),
  Longitude: z.coerce.number().min(-180).max(180).optional(),
  Address: optionalText(500),
  Label: optionalText(200),
});
export type WhatsAppInboundForm = z.infer<typeof WhatsAppInboundForm>;

export type WhatsAppMedia = { url: string; contentType: string };

/** What an inbound WhatsApp message becomes before it is stored. */
export type ParsedWhatsAppMessage = {
  messageSid: string;
  accountSid: string;
  /** `whatsapp:+E164` or `whatsapp:<user id>`: where replies go. */
  address: string;
  phone: string | null;
  name: string | null;
  identities: InboundIdentity[];
  text: string;
  kind: "text" | "image" | "location" | "unsupported";
  media: WhatsAppMedia[];
  location: { latitude: number; longitude: number; address: string | null; label: string | null } | null;
};

/** Image types a shopper's photo may have; anything else is kept as an unsupported attachment. */
const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/heic"]);

/** Turns Twilio's form into a message: text, photos (fetched later), a location or a readable note of what Dokani cannot show. */
export function parseWhatsAppInbound(params: Record<string, string | string[]>): ParsedWhatsAppMessage {
  const single: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) single[key] = Array.isArray(value) ? value[0]! : value;
  const parsed = WhatsAppInboundForm.safeParse(single);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
    throw new AppError("invalid_request", "This is not a WhatsApp message from Twilio.", { fields });
  }
  const form = parsed.data;
  const media: WhatsAppMedia[] = [];
  for (let i = 0; i < form.NumMedia; i++) {
    const url = single[`MediaUrl${i}`];
    const contentType = (single[`MediaContentType${i}`] ?? "application/octet-stream").toLowerCase().slice(0, 100);
    if (url && url.length <= 2000) media.push({ url, contentType });
  }
  const phone = PHONE_ADDRESS.exec(form.From)?.[1] ?? null;
  const userId = phone ? null : USER_ID_ADDRESS.exec(form.From)![1]!;
  const identities: InboundIdentity[] = phone
    ? [{ kind: "whatsapp", value: phone, verified: true }, { kind: "phone", value: phone, verified: true }]
    : [{ kind: "whatsapp", value: userId!, verified: true }];

  const body = form.Body.replace(/\r\n?/g, "\n").trim().slice(0, MAX_WHATSAPP_TEXT);
  const type = (form.MessageType ?? "").toLowerCase();
  let kind: ParsedWhatsAppMessage["kind"] = "text";
  let text = body;
  let location: ParsedWhatsAppMessage["location"] = null;
  if ((type === "location" || (form.Latitude !== undefined && form.Longitude !== undefined)) && form.Latitude !== undefined && form.Longitude !== undefined) {
    kind = "location";
    location = { latitude: form.Latitude, longitude: form.Longitude, address: form.Address ?? null, label: form.Label ?? null };
    const place = [form.Label, form.Address].filter(Boolean).join(", ");
    text = `[Location] ${place ? `${place} ` : ""}(${form.Latitude}, ${form.Longitude}) https://maps.google.com/?q=${form.Latitude},${form.Longitude}`;
  } else if (media.length) {
    const images = media.filter((m) => IMAGE_TYPES.has(m.contentType));
    const others = media.filter((m) => !IMAGE_TYPES.has(m.contentType));
    kind = images.length ? "image" : "unsupported";
    const notes = [
      ...(images.length ? [images.length === 1 ? "[Photo]" : `[${images.length} photos]`] : []),
      ...others.map((m) => `[Attachment Dokani cannot show: ${m.contentType}]`),
    ];
    text = [notes.join(" "), body].filter(Boolean).join("\n");
  } else if (!body) {
    kind = "unsupported";
    text = `[WhatsApp message Dokani cannot show${type ? `: ${type.slice(0, 40)}` : ""}]`;
  }
  return {
    messageSid: form.MessageSid,
    accountSid: form.AccountSid,
    address: form.From,
    phone,
    name: form.ProfileName?.trim() || null,
    identities,
    text,
    kind,
    media,
    location,
  };
}

/** Whether a media item is a photo Dokani keeps in its storage. */
export function isImageMedia(media: WhatsAppMedia): boolean {
  return IMAGE_TYPES.has(media.contentType);
}
