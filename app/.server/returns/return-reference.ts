/**
 * The reference a shopper writes on a parcel and shows at a drop-off: "R-" and the first eight hex
 * digits of the return's id, upper case. Short enough to say aloud; the admin finds a return by it.
 */
export function returnReference(returnId: string): string {
  return `R-${returnId.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
}

/** The id prefix a reference stands for ("r-1a2b3c4d" → "1a2b3c4d"), or null when the text is not a reference. */
export function referencePrefix(text: string): string | null {
  const match = /^\s*r-?([0-9a-f]{8})\s*$/i.exec(text);
  return match ? match[1]!.toLowerCase() : null;
}
