/** Cuts composed text into small pieces, so a reply without a model streams like one with. */
export function streamComposed(text: string, onDelta?: (text: string) => void) {
  if (!onDelta || !text) return;
  const words = text.match(/\S+\s*|\s+/g) ?? [text];
  for (let i = 0; i < words.length; i += 3) onDelta(words.slice(i, i + 3).join(""));
}
