import nodemailer from "nodemailer";
import type { PrismaClient } from "../db.server";
import { env } from "../env.server";
import { log } from "../logger.server";
import { formatMoneyAmount } from "../money";

export type ReturnEmailEvent = "approved" | "denied" | "completed" | "pending_review" | "info_requested";

/** Subject and text of the email a shopper gets when their return is decided or completed. */
export function composeReturnEmail(
  event: ReturnEmailEvent,
  input: { shopName: string; orderName: string; explanation: string; amount: string; currency: string; resolution: string; question?: string },
) {
  const credit = input.resolution === "store_credit" ? "store credit" : input.resolution === "exchange" ? "an exchange" : "a refund";
  const subjects: Record<ReturnEmailEvent, string> = {
    approved: `Your return for ${input.orderName} is approved`,
    denied: `About your return for ${input.orderName}`,
    completed: `Your return for ${input.orderName} is complete`,
    pending_review: `We are reviewing your return for ${input.orderName}`,
    info_requested: `A question about your return for ${input.orderName}`,
  };
  const bodies: Record<ReturnEmailEvent, string> = {
    approved: `Good news: your return is approved. ${input.explanation}\n\nOnce we receive the items you will get ${credit} of ${formatMoneyAmount(input.amount, input.currency)}.`,
    denied: `We are sorry: we cannot accept this return. ${input.explanation}\n\nIf you think this is a mistake, reply to this email and a person will look at it.`,
    completed: `We have received your items and issued ${credit} of ${formatMoneyAmount(input.amount, input.currency)}.`,
    pending_review: `Thank you. A member of our team will look at your return shortly. ${input.explanation}`,
    info_requested: `To decide on your return we need a little more information:\n\n${input.question ?? ""}\n\nPlease reply to this email with your answer (and photos if they help).`,
  };
  return { subject: subjects[event], text: `Hello,\n\n${bodies[event]}\n\n${input.shopName}` };
}

/**
 * The `returns.notify` job's work: emails the shopper about their return. With SMTP_URL it is sent
 * through nodemailer; without, it is kept as `captured` (the demo's mail outbox). Sent once per
 * return and event (once per question for `info_requested`, keyed by `question.id`), however often the job runs.
 */
export async function sendReturnEmail(client: PrismaClient, returnId: string, event: ReturnEmailEvent, question?: { id: string; text: string }) {
  const row = await client.returnRequest.findUnique({ where: { id: returnId }, include: { shop: true } });
  if (!row) return null;
  const relatedType = question ? `return:${event}:${question.id}` : `return:${event}`;
  const already = await client.emailMessage.findFirst({ where: { shopId: row.shopId, relatedType, relatedId: row.id, status: { in: ["sent", "captured"] } } });
  if (already) return already;
  const amount = (row.refundedAmount ?? row.refundEstimate).toFixed(2);
  const { subject, text } = composeReturnEmail(event, { shopName: row.shop.name, orderName: row.orderName, explanation: row.decisionExplanation, amount, currency: row.currency, resolution: row.resolution, question: question?.text });
  const config = env();
  const message = await client.emailMessage.create({
    data: { shopId: row.shopId, to: row.customerEmail, subject, text, status: "queued", relatedType, relatedId: row.id, transport: config.SMTP_URL ? "smtp" : "outbox" },
  });
  if (!config.SMTP_URL) {
    return client.emailMessage.update({ where: { id: message.id }, data: { status: "captured" } });
  }
  try {
    const transport = nodemailer.createTransport(config.SMTP_URL);
    await transport.sendMail({ from: config.DOKANI_MAIL_FROM ?? `${row.shop.name} <no-reply@${new URL(config.appUrl).hostname}>`, to: row.customerEmail, subject, text });
    return client.emailMessage.update({ where: { id: message.id }, data: { status: "sent", sentAt: new Date() } });
  } catch (error) {
    log().warn({ err: error, returnId }, "return email failed");
    await client.emailMessage.update({ where: { id: message.id }, data: { status: "failed", error: error instanceof Error ? error.message : String(error) } });
    throw error;
  }
}
