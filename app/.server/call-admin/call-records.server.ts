import { z } from "zod";
import { decodeCursor, encodeCursor, keysetAfterDescending } from "../api/keyset-cursor";
import { readCallMetadata } from "../calls/call-metadata";
import { CALL_VIEW_STATUSES, STORED_CALL_STATUSES, toCallView, type CallView } from "../calls/call-view";
import { startPhoneCall, StartPhoneCallInput } from "../calls/start-call.server";
import { db, type CallSession, type Prisma } from "../db.server";
import { AppError, validationError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import { readShopSettings } from "../shops/shop-settings";

/*
 * Calls as the admin reads them: the calls list with its filters, the calls of one conversation
 * for its timeline (transcript, summary, outcome, recording), and placing a phone call from a
 * return or a contact, with the reason it cannot be placed when it cannot.
 */

export const CALLS_PAGE_SIZE = 50;

export const AdminCallsQuery = z.object({
  kind: z.enum(["voice", "video"], { error: "must be voice or video" }).optional(),
  status: z.enum(CALL_VIEW_STATUSES, { error: `must be one of ${CALL_VIEW_STATUSES.join(", ")}` }).optional(),
  direction: z.enum(["inbound", "outbound", "web"], { error: "must be inbound, outbound or web" }).optional(),
  cursor: z.string().max(200, "is not a page this list gave out").optional(),
});
export type AdminCallsQuery = z.infer<typeof AdminCallsQuery>;

export type AdminCallRow = CallView & { contactName: string | null; customer: string | null; outcome: "successful" | "unsuccessful" | "unknown" | null; purpose: string | null; createdAt: string };

function rowOf(call: CallSession & { contact: { name: string | null } | null }): AdminCallRow {
  const meta = readCallMetadata(call.metadata);
  return { ...toCallView(call), contactName: call.contact?.name ?? null, customer: call.customerEmail ?? call.customerPhone ?? null, outcome: meta.outcome ?? null, purpose: meta.purpose ?? null, createdAt: call.createdAt.toISOString() };
}

/** The shop's calls, newest first, filtered by kind, status and direction. */
export async function listAdminCalls(ctx: ShopContext, raw: Record<string, string | undefined>): Promise<{ calls: AdminCallRow[]; nextCursor: string | null; query: AdminCallsQuery }> {
  const parsed = AdminCallsQuery.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v)));
  if (!parsed.success) throw validationError(parsed.error, "These filters are not valid.");
  const query = parsed.data;
  const where: Prisma.CallSessionWhereInput = {
    shopId: ctx.shop.id,
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: { in: STORED_CALL_STATUSES[query.status] } } : {}),
    ...(query.direction ? { metadata: { path: ["direction"], equals: query.direction } } : {}),
    ...(query.cursor ? { AND: keysetAfterDescending("createdAt", decodeCursor(query.cursor)) } : {}),
  };
  const rows = await db().callSession.findMany({ where, include: { contact: { select: { name: true } } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: CALLS_PAGE_SIZE + 1 });
  const page = rows.slice(0, CALLS_PAGE_SIZE);
  const last = page.at(-1);
  return { calls: page.map(rowOf), nextCursor: rows.length > CALLS_PAGE_SIZE && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null, query };
}

/** The longest transcript the timeline shows per call. */
export const TIMELINE_SEGMENTS = 300;

export type TimelineCall = AdminCallRow & {
  recordingUrl: string | null;
  transcript: Array<{ speaker: "customer" | "ai" | "agent"; text: string; startMs: number | null }>;
  omittedSegments: number;
  endReason: string | null;
};

/** A recording is linked only when it is a web address the merchant's browser can open. */
function recordingLink(key: string | null): string | null {
  if (!key) return null;
  try {
    const url = new URL(key);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** The calls of one of the shop's conversations, oldest first, with their transcripts. */
export async function conversationCalls(shopId: string, conversationId: string): Promise<TimelineCall[]> {
  const calls = await db().callSession.findMany({
    where: { shopId, conversationId },
    include: { contact: { select: { name: true } }, transcript: { orderBy: { position: "asc" }, take: TIMELINE_SEGMENTS }, _count: { select: { transcript: true } } },
    orderBy: { createdAt: "asc" },
  });
  return calls.map((call) => {
    const meta = readCallMetadata(call.metadata);
    return {
      ...rowOf(call),
      recordingUrl: recordingLink(call.recordingKey),
      transcript: call.transcript.map((s) => ({ speaker: s.speaker, text: s.text, startMs: s.startMs })),
      omittedSegments: call._count.transcript - call.transcript.length,
      endReason: meta.endReason ?? null,
    };
  });
}

/** Whether the shop can phone someone now, and why not when it cannot. */
export type PhoneCallAvailability = { available: true; reason: null } | { available: false; reason: string };

/** Voice switched on, ElevenLabs connected with a phone number, and (for a contact) a number to call. */
export async function phoneCallAvailability(ctx: ShopContext, target: { phone: string | null }): Promise<PhoneCallAvailability> {
  const calls = readShopSettings(ctx.shop.settings).calls;
  const row = await db().shopIntegration.findUnique({ where: { shopId_kind: { shopId: ctx.shop.id, kind: "elevenlabs" } }, select: { status: true, details: true } });
  if (!row || row.status === "disconnected") return { available: false, reason: "Connect ElevenLabs on the Calls page to place phone calls." };
  if (!calls.voiceEnabled) return { available: false, reason: "Voice calls are switched off on the Calls page." };
  if (!(row.details as { phoneNumberId?: unknown } | null)?.phoneNumberId) return { available: false, reason: "Add your ElevenLabs phone number id on the Calls page to place phone calls." };
  if (!target.phone) return { available: false, reason: "This shopper has no phone number to call." };
  return { available: true, reason: null };
}

/** The phone number a contact can be called on (proved numbers first), or null. */
export async function contactPhone(shopId: string, contactId: string | null): Promise<string | null> {
  if (!contactId) return null;
  const identity = await db().contactIdentity.findFirst({ where: { contactId, shopId, kind: { in: ["phone", "whatsapp"] } }, orderBy: [{ verified: "desc" }, { createdAt: "asc" }], select: { value: true } });
  return identity?.value ?? null;
}

export const PlaceCallForm = z.object({
  intent: z.literal("call"),
  contactId: z.uuid("must be a contact id").optional(),
  returnId: z.uuid("must be a return id").optional(),
  purpose: z.string().trim().min(1, "says why you are calling").max(300, "must be at most 300 characters"),
});

/**
 * "Call the shopper" from a return or a contact page: the shop's voice agent phones the contact (the
 * return's contact, or its customer's phone) and states the purpose first.
 */
export async function placeCallFromAdmin(ctx: ShopContext, form: z.infer<typeof PlaceCallForm>): Promise<CallView> {
  let contactId = form.contactId ?? null;
  let phone: string | null = null;
  if (form.returnId) {
    const theReturn = await db().returnRequest.findFirst({ where: { id: form.returnId, shopId: ctx.shop.id }, select: { contactId: true } });
    if (!theReturn) throw new AppError("not_found", "No such return.");
    contactId ??= theReturn.contactId;
  }
  if (contactId) {
    const contact = await db().contact.findFirst({ where: { id: contactId, shopId: ctx.shop.id }, select: { id: true } });
    if (!contact) throw new AppError("not_found", "No such contact.");
    phone = await contactPhone(ctx.shop.id, contactId);
  }
  const availability = await phoneCallAvailability(ctx, { phone });
  if (!availability.available) throw new AppError("calls_unavailable", availability.reason);
  const input = StartPhoneCallInput.parse({ kind: "voice", to: contactId ?? phone, ...(form.returnId ? { returnId: form.returnId } : {}), purpose: form.purpose });
  return startPhoneCall(ctx, input);
}

/** What a return's or a contact's "Call the shopper" card needs: whether it can call, and why not. */
export async function phoneCallTarget(ctx: ShopContext, of: { returnId: string } | { contactId: string }): Promise<PhoneCallAvailability & { contactId: string | null; returnId: string | null }> {
  let contactId: string | null;
  let returnId: string | null = null;
  if ("returnId" in of) {
    const theReturn = await db().returnRequest.findFirst({ where: { id: of.returnId, shopId: ctx.shop.id }, select: { id: true, contactId: true } });
    contactId = theReturn?.contactId ?? null;
    returnId = theReturn?.id ?? null;
  } else {
    contactId = of.contactId;
  }
  const availability = await phoneCallAvailability(ctx, { phone: await contactPhone(ctx.shop.id, contactId) });
  return { ...availability, contactId, returnId };
}
