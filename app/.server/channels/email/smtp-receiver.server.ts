import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { log } from "../../logger.server";
import { parseRecipient, shopOfRecipient, inboundDomain } from "./addresses.server";
import { EmailRefused, MAX_EMAIL_BYTES, normaliseEmail } from "./normalise-email";
import { parseMime } from "./parse-mime.server";
import { receiveEmail } from "./receive-email.server";

export type RunningSmtpReceiver = { port: number; close(): Promise<void> };

function smtpError(message: string, responseCode: number): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

async function readCapped(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The embedded SMTP receiver (API.md: `DOKANI_SMTP_PORT`, on 127.0.0.1): plain SMTP for local mail
 * clients and tests, no authentication, recipients limited to shops' inbound addresses and
 * conversations' reply addresses (anything else: 550 at RCPT TO), messages over 15 MB refused with
 * 552 (announced in EHLO as SIZE). Each message goes through the same normaliser and store as the
 * webhooks; it is accepted (250) only once stored.
 */
export async function startSmtpReceiver(options: { port: number; host?: string }): Promise<RunningSmtpReceiver> {
  const server = new SMTPServer({
    name: inboundDomain() ?? "dokani",
    banner: "Dokani inbound mail",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: MAX_EMAIL_BYTES,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const recipient = parseRecipient(address.address);
      if (!recipient) return callback(smtpError(`5.1.1 <${address.address}>: no such mailbox here`, 550));
      shopOfRecipient(recipient).then(
        (found) => callback(found ? null : smtpError(`5.1.1 <${address.address}>: no such mailbox here`, 550)),
        (error) => {
          log().warn({ err: error }, "smtp recipient check failed");
          callback(smtpError("4.3.0 Try again later", 451));
        },
      );
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void) {
      (async () => {
        const raw = await readCapped(stream);
        if (stream.sizeExceeded) throw smtpError(`5.3.4 Message larger than ${MAX_EMAIL_BYTES / 1024 / 1024} MB`, 552);
        const mailFrom = session.envelope.mailFrom;
        const parsed = await parseMime(raw, { to: session.envelope.rcptTo.map((r) => r.address), returnPath: mailFrom ? mailFrom.address : "" });
        const delivery = await receiveEmail(normaliseEmail(parsed), { via: "smtp" });
        if (delivery.status === "unknown_recipient") throw smtpError("5.1.1 No such mailbox here", 550);
        return delivery.status === "duplicate" ? "Already received" : `Queued as ${delivery.messageId}`;
      })().then(
        (message) => callback(null, message),
        (error: unknown) => {
          if (error instanceof EmailRefused) return callback(smtpError(`5.6.0 ${error.message}`, error.reason === "too_large" ? 552 : 550));
          if (error instanceof Error && "responseCode" in error) return callback(error);
          log().error({ err: error }, "smtp message could not be stored");
          callback(smtpError("4.3.0 Try again later", 451));
        },
      );
    },
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => log().warn({ err: error }, "smtp receiver error"));
  const port = (server.server.address() as AddressInfo).port;
  log().info({ port, host }, "SMTP receiver listening");
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
