import { z } from "zod";
import type { Conversation, DbClient } from "../../db.server";
import { AppError } from "../../errors";
import { replyWindow, type ReplyWindow } from "./reply-window";
import { openWhatsAppConnection, type WhatsAppTemplate } from "./whatsapp-connection.server";

/** A template as a stored message carries it, for delivery. */
export const TemplateOnMessage = z.object({ name: z.string(), contentSid: z.string(), variables: z.record(z.string(), z.string()) });
export type TemplateOnMessage = z.infer<typeof TemplateOnMessage>;

/** The template a stored message is to be sent as, or null for free-form text. */
export function templateOf(metadata: unknown): TemplateOnMessage | null {
  const raw = (metadata as { whatsappTemplate?: unknown } | null)?.whatsappTemplate;
  const parsed = TemplateOnMessage.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** When the shopper last wrote in this conversation: the only thing that opens or resets WhatsApp's window. */
export async function lastInboundAt(client: DbClient, shopId: string, conversationId: string): Promise<Date | null> {
  const last = await client.message.findFirst({ where: { shopId, conversationId, role: "customer" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  return last?.createdAt ?? null;
}

/** The conversation's window now. */
export async function conversationReplyWindow(client: DbClient, conversation: Pick<Conversation, "id" | "shopId">, now = new Date()): Promise<ReplyWindow> {
  return replyWindow(await lastInboundAt(client, conversation.shopId, conversation.id), now);
}

/** The readable text a template message is stored with (the shop's template text lives at Twilio). */
export function templateText(name: string, variables: Record<string, string>): string {
  const values = Object.entries(variables).map(([k, v]) => `${k}: ${v}`);
  return `[Template ${name}]${values.length ? ` ${values.join(" · ")}` : ""}`;
}

/** The shop's registered template of this name with its variables filled, or 400 naming what is wrong. */
export function fillTemplate(templates: WhatsAppTemplate[], name: string, variables: Record<string, string>): TemplateOnMessage {
  const template = templates.find((t) => t.name === name);
  if (!template) {
    const known = templates.map((t) => t.name).join(", ");
    throw new AppError("invalid_request", known ? `There is no template named ${name}. Registered templates: ${known}.` : "This shop has registered no WhatsApp templates. Add them to the WhatsApp connection first.", { fields: { template: "must be a template registered with the WhatsApp connection" } });
  }
  const fields: Record<string, string> = {};
  for (const key of template.variables) if (!variables[key]?.trim()) fields[`variables.${key}`] = "is required by this template";
  for (const key of Object.keys(variables)) if (!template.variables.includes(key)) fields[`variables.${key}`] = "is not a variable of this template";
  if (Object.keys(fields).length) throw new AppError("invalid_request", `Fill exactly the variables of the ${name} template: ${template.variables.join(", ") || "none"}.`, { fields });
  return { name: template.name, contentSid: template.contentSid, variables: Object.fromEntries(template.variables.map((k) => [k, variables[k]!.trim()])) };
}

/**
 * What a reply on WhatsApp becomes, checked before anything is stored: free-form text only while
 * the window is open (409 `reply_window_closed` after, so Twilio's 63016 never reaches the shopper
 * as silence), a template at any time.
 */
export async function prepareWhatsAppReply(
  client: DbClient,
  conversation: Pick<Conversation, "id" | "shopId">,
  input: { text?: string; template?: string; variables?: Record<string, string> },
  now = new Date(),
): Promise<{ text: string; metadata: Record<string, unknown> }> {
  if (input.template) {
    const connection = await openWhatsAppConnection(conversation.shopId);
    if (!connection) throw new AppError("conflict", "Connect WhatsApp before sending a template.");
    const filled = fillTemplate(connection.details.templates, input.template, input.variables ?? {});
    return { text: templateText(filled.name, filled.variables), metadata: { whatsappTemplate: filled } };
  }
  const window = await conversationReplyWindow(client, conversation, now);
  if (!window.open) {
    throw new AppError("reply_window_closed", "The shopper last wrote more than 24 hours ago, so WhatsApp only accepts a template now. Send one of the shop's templates instead.");
  }
  return { text: input.text ?? "", metadata: {} };
}
