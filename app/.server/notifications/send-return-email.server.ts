import nodemailer from "nodemailer";
import { sendNotificationIntoThread } from "../channels/email/thread-notification.server";
import type { PrismaClient, ReturnRequest } from "../db.server";
import { env } from "../env.server";
import { findShop } from "../shops/find-shop.server";
import { log } from "../logger.server";
import { formatMoneyAmount } from "../money";
import { nextStepFor, type NextStep } from "../returns/methods";
import { signReturnToken } from "../returns/return-token";
import { statusPageUrl } from "../returns/status-page-url";

export type ReturnEmailEvent = "approved" | "denied" | "completed" | "pending_review" | "info_requested";

/** The next step of an approved return as lines of an email: what to do, by when, where. */
export function nextStepLines(step: NextStep): string {
  const lines = [step.summary];
  for (const option of step.options) {
    lines.push("", `${option.title}:`);
    option.steps.forEach((s, i) => lines.push(`${i + 1}. ${s}`));
    if (option.address) lines.push("", "Return address:", option.address);
    for (const l of option.locations) lines.push(`- ${l.name}, ${l.address}${l.hours ? ` (${l.hours})` : ""}`);
    if (option.showCode) lines.push("Your return page shows the QR code to show at the counter.");
    if (option.labelUrl) lines.push(`Print your label: ${option.labelUrl}`);
  }
  return lines.join("\n");
}

/**
 * Subject and text of the email a shopper gets about their return. Every one ends with the link to
 * the return's status page, so the shopper can always get back to it.
 */
export function composeReturnEmail(
  event: ReturnEmailEvent,
  input: { shopName: string; orderName: string; explanation: string; amount: string; currency: string; resolution: string; question?: string; statusUrl: string; nextStep?: NextStep | null },
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
    approved:
      input.nextStep?.kind === "keep_item"
        ? `Good news: your return is approved. ${input.explanation}\n\n${input.nextStep.summary}\n\nYou will get ${credit} of ${formatMoneyAmount(input.amount, input.currency)} once the store has reviewed it.`
        : `Good news: your return is approved. ${input.explanation}\n\nWhat to do next:\n${input.nextStep ? nextStepLines(input.nextStep) : "The store will email you how to send the items back."}\n\nOnce we receive the items you will get ${credit} of ${formatMoneyAmount(input.amount, input.currency)}.`,
    denied: `We are sorry: we cannot accept this return. ${input.explanation}\n\nIf you think this is a mistake, reply to this email and a person will look at it.`,
    completed: `We have received your items and issued ${credit} of ${formatMoneyAmount(input.amount, input.currency)}.`,
    pending_review: `Thank you. Your return needs a decision from a member of our team, who will look at it shortly; we will email you as soon as it is decided. ${input.explanation}`,
    info_requested: `To decide on your return we need a little more information:\n\n${input.question ?? ""}\n\nPlease reply to this email with your answer (and photos if they help).`,
  };
  return { subject: subjects[event], text: `Hello,\n\n${bodies[event]}\n\nSee your return at any time: ${input.statusUrl}\n\n${input.shopName}` };
}

/**
 * The `returns.notify` job's work: emails the shopper about their return. With SMTP_URL it is sent
 * through nodemailer; without, it is kept as `captured` (the demo's mail outbox). Sent once per
 * return and event (once per question for `info_requested`, keyed by `question.id`), however often the job runs.
 * `read` is the return as the caller just read it, to spare a second read.
 */
export async function sendReturnEmail(client: PrismaClient, returnId: string, event: ReturnEmailEvent, question?: { id: string; text: string }, read?: ReturnRequest | null) {
  const found = read !== undefined ? read : await client.returnRequest.findUnique({ where: { id: returnId } });
  const shop = found && (await findShop(client, found.shopId));
  if (!found || !shop) return null;
  const row = { ...found, shop };
  const relatedType = question ? `return:${event}:${question.id}` : `return:${event}`;
  const already = await client.emailMessage.findFirst({ where: { shopId: row.shopId, relatedType, relatedId: row.id, status: { in: ["sent", "captured"] } } });
  if (already) return already;
  const amount = (row.refundedAmount ?? row.refundEstimate).toFixed(2);
  const statusUrl = statusPageUrl(row.shop, row.id, signReturnToken(row.shopId, row.id));
  const nextStep = event === "approved" ? nextStepFor(row.shop, { ...row, status: "approved" }) : null;
  const { subject, text } = composeReturnEmail(event, { shopName: row.shop.name, orderName: row.orderName, explanation: row.decisionExplanation, amount, currency: row.currency, resolution: row.resolution, question: question?.text, statusUrl, nextStep });
  // A shopper who wrote to the shop by email gets it in that conversation's thread.
  const threaded = await sendNotificationIntoThread(client, { shopId: row.shopId, shopName: row.shop.name, customerEmail: row.customerEmail, subject, text, relatedType, relatedId: row.id });
  if (threaded) return threaded;
  const config = env();
  // Without SMTP the mail is kept in the demo's outbox as it is written.
  if (!config.SMTP_URL) {
    return client.emailMessage.create({ data: { shopId: row.shopId, to: row.customerEmail, subject, text, status: "captured", relatedType, relatedId: row.id, transport: "outbox" } });
  }
  const message = await client.emailMessage.create({
    data: { shopId: row.shopId, to: row.customerEmail, subject, text, status: "queued", relatedType, relatedId: row.id, transport: "smtp" },
  });
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
