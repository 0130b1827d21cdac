/** The decimal string of integer cents: 4999 → "49.99", -5 → "-0.05". */
export function formatCents(cents: number): string {
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const rest = abs % 100;
  return (negative ? "-" : "") + ((abs - rest) / 100).toString() + (rest < 10 ? ".0" : ".") + rest.toString();
}

/**
 * Cents with the currency's code after them, "200.00 USD": how decisions name money in sentences.
 * No Intl here: it is slow to call per decision and varies with the server's ICU data.
 */
export function formatCentsWithCode(cents: number, currency: string): string {
  return `${formatCents(cents)} ${currency}`;
}
