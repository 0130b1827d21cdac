/**
 * Money for people to read, from exact decimal strings: "-1234.50" in USD is "-$1,234.50". The
 * digits never pass through a float; Intl only supplies the currency's symbol and where it goes.
 */

const layouts = new Map<string, { prefix: string; suffix: string }>();

function layoutOf(currency: string): { prefix: string; suffix: string } {
  let layout = layouts.get(currency);
  if (!layout) {
    try {
      const parts = new Intl.NumberFormat("en-US", { style: "currency", currency }).formatToParts(1);
      const symbolAt = parts.findIndex((p) => p.type === "currency");
      const numberAt = parts.findIndex((p) => p.type === "integer");
      const symbol = parts[symbolAt]?.value ?? currency;
      layout = symbolAt >= 0 && symbolAt < numberAt ? { prefix: symbol, suffix: "" } : { prefix: "", suffix: ` ${symbol}` };
    } catch {
      // An unknown code still reads clearly written after the amount.
      layout = { prefix: "", suffix: ` ${currency}` };
    }
    layouts.set(currency, layout);
  }
  return layout;
}

/** "1234.5" in "USD" → "$1,234.50"; the amount must be a decimal string. */
export function formatMoneyAmount(amount: string, currency: string): string {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) return `${amount} ${currency}`;
  const [, sign, whole, fraction = ""] = match;
  const grouped = whole!.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const { prefix, suffix } = layoutOf(currency);
  return `${sign}${prefix}${grouped}.${fraction.padEnd(2, "0")}${suffix}`;
}
