import { normalisePhone } from "../contacts/identities";

/** A phone number as a platform gives it, with the country of the address it came with (for numbers written nationally). */
export type RawPhone = { phone: string | null | undefined; country?: string | null };

/**
 * The phone numbers of an order in E.164, without repeats, in the order given: each platform reads
 * its own fields and hands them here, so every platform normalises exactly as contacts do.
 */
export function orderPhones(raw: RawPhone[]): string[] {
  const phones: string[] = [];
  for (const { phone, country } of raw) {
    const normalised = normalisePhone(phone, country);
    if (normalised && !phones.includes(normalised)) phones.push(normalised);
  }
  return phones;
}

