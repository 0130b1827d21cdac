declare module "email-reply-parser" {
  /** The parts of 2.1.0 Dokani uses: the text a person wrote, without quoted replies and signatures. */
  export default class EmailReplyParser {
    read(text: string): { getVisibleText(options?: { aggressive?: boolean }): string };
  }
}
