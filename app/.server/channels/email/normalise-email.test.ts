import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EmailRefused, MAX_EMAIL_BYTES, messageIds, normaliseEmail } from "./normalise-email";
import { parseMime } from "./parse-mime.server";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../../../../tests/fixtures/email", name));
const normalise = async (name: string, envelope?: Parameters<typeof parseMime>[1]) => normaliseEmail(await parseMime(fixture(name), envelope));

describe("the email normaliser on real mail", () => {
  it("keeps what a Gmail reply says and drops the quoted message", async () => {
    const email = await normalise("gmail-reply.eml");
    expect(email.text).toBe("Thanks! My order number is 1001, could you tell me when it ships?");
    expect(email.from).toEqual({ address: "ann.shopper@gmail.com", name: "Ann Shopper" });
    expect(email.messageId).toBe("<CAF3kq+Yb8pQ9xw7Gm2ZsnW1r4u@mail.gmail.com>");
    expect(email.inReplyTo).toMatch(/^<conversation\/00000000-0000-4000-8000-000000000001\//);
    expect(email.references).toHaveLength(1);
    expect(email.subject).toBe("Re: Where is my order?");
    expect(email.noise).toBeNull();
  });

  it("reads an Outlook reply in ISO-8859-1 and cuts its German reply header", async () => {
    const email = await normalise("outlook-reply.eml");
    expect(email.text).toContain("die Größe passt leider nicht. Kann ich die Jacke zurückschicken?");
    expect(email.text).not.toContain("Hello, how can we help?");
    expect(email.text).not.toContain("Gesendet:");
    // Folded References with two ids become a list, oldest first.
    expect(email.references).toEqual(["<CAF3kq+Yb8pQ9xw7Gm2ZsnW1r4u@mail.gmail.com>", "<AM0PR02MB1234FFEE0011@AM0PR02MB1234.eurprd02.prod.outlook.com>"]);
    expect(email.from.name).toBe("Lutz, Bernd");
  });

  it("strips Apple Mail's French attribution and quoted lines", async () => {
    const email = await normalise("apple-mail-reply.eml");
    expect(email.text).toBe("Bonjour, je voudrais échanger la taille M contre L.\n\nClaire");
    expect(email.messageId).toBe("<7E1F2D3C-4B5A-6978-8A9B-0C1D2E3F4A5B@icloud.com>");
  });

  it("renders HTML-only mail to text without markup, scripts or styles", async () => {
    const email = await normalise("html-only.eml");
    expect(email.text).toContain("The parcel for order #1001 arrived damaged & wet.\nCan you help?");
    expect(email.text).toContain("- Box torn");
    expect(email.text).toContain("Mia <3");
    expect(email.text).not.toMatch(/<\/?[a-z]|alert|color:red|onerror/i);
  });

  it("hands over every attachment with its bytes", async () => {
    const email = await normalise("attachments.eml");
    expect(email.text).toBe("Here are photos of the torn seam on order 1001, and the receipt.");
    expect(email.attachments.map((a) => [a.filename, a.contentType])).toEqual([["seam.png", "image/png"], ["receipt.pdf", "application/pdf"]]);
    expect(email.attachments[0]!.content.subarray(1, 4).toString()).toBe("PNG");
  });

  it("marks auto-replies, bounces and list mail so they are never answered", async () => {
    expect((await normalise("auto-reply.eml")).noise).toBe("auto_reply");
    expect((await normalise("bounce.eml")).noise).toBe("bounce");
    expect((await normalise("list-mail.eml")).noise).toBe("list");
    // The SMTP envelope's empty return path (MAIL FROM:<>) is a bounce whatever the headers say.
    expect((await normalise("gmail-reply.eml", { returnPath: "" })).noise).toBe("bounce");
    expect((await normalise("gmail-reply.eml", { returnPath: "ann.shopper@gmail.com" })).noise).toBeNull();
  });

  it("refuses a 20 MB message before parsing it", async () => {
    const big = Buffer.concat([fixture("html-only.eml"), Buffer.alloc(20 * 1024 * 1024, "a")]);
    expect(big.byteLength).toBeGreaterThan(MAX_EMAIL_BYTES);
    await expect(parseMime(big)).rejects.toBeInstanceOf(EmailRefused);
  });

  it("normalises References whether mailparser gives a string or an array", () => {
    expect(messageIds("<a@x>")).toEqual(["<a@x>"]);
    expect(messageIds(["<a@x>", "<b@x>"])).toEqual(["<a@x>", "<b@x>"]);
    expect(messageIds("<a@x> <b@x>\r\n <c@x>")).toEqual(["<a@x>", "<b@x>", "<c@x>"]);
    expect(messageIds("a@x")).toEqual(["<a@x>"]);
    expect(messageIds(null)).toEqual([]);
  });

  it("refuses a message without a sender and gives an id to one without a Message-ID", async () => {
    const raw = await parseMime(Buffer.from("To: dokani-shop@inbound.localhost\r\nSubject: hi\r\n\r\nhello\r\n"));
    expect(() => normaliseEmail(raw)).toThrow(EmailRefused);
    const noId = await parseMime(Buffer.from("From: a@example.com\r\nTo: dokani-shop@inbound.localhost\r\nSubject: hi\r\n\r\nhello\r\n"));
    const first = normaliseEmail(noId);
    expect(first.messageId).toMatch(/^<[0-9a-f]{40}@dokani\.missing-id>$/);
    expect(normaliseEmail(noId).messageId).toBe(first.messageId);
  });
});
