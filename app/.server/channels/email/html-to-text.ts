/**
 * HTML mail rendered to plain text that is safe to store and show: no markup survives (scripts,
 * styles and comments are dropped with their content), block elements become line breaks, links
 * keep their text, entities are decoded. Quoted history in the markup (Gmail's `gmail_quote`,
 * Apple Mail's `blockquote type="cite"`, Outlook's reply header) is cut before converting.
 */

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", laquo: "«", raquo: "»", eacute: "é", egrave: "è", agrave: "à", ccedil: "ç", uuml: "ü", ouml: "ö", auml: "ä", szlig: "ß", ntilde: "ñ", euro: "€", hellip: "…", mdash: "—", ndash: "–", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const n = code[1] === "x" || code[1] === "X" ? Number.parseInt(code.slice(2), 16) : Number.parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : "";
    }
    return NAMED[code.toLowerCase()] ?? whole;
  });
}

/** Cuts the quoted history mail clients put below a reply. */
export function cutQuotedHtml(html: string): string {
  const markers = [
    /<div[^>]+class=["'][^"']*gmail_quote[^"']*["']/i,
    /<blockquote[^>]+type=["']cite["']/i,
    /<div[^>]+id=["'](?:divRplyFwdMsg|appendonsend)["']/i,
    /<hr[^>]+id=["']stopSpelling["']/i,
    /<div[^>]+class=["'][^"']*(?:yahoo_quoted|moz-cite-prefix)[^"']*["']/i,
  ];
  let cut = html.length;
  for (const marker of markers) {
    const found = marker.exec(html);
    if (found && found.index < cut) cut = found.index;
  }
  return html.slice(0, cut);
}

export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|head|title|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<\/(p|div|li|tr|h[1-6]|table|blockquote|section|article|header|footer|ul|ol)\s*>/gi, "\n")
    .replace(/<(p|div|tr|h[1-6]|table|blockquote|ul|ol)\b[^>]*>/gi, "\n")
    .replace(/<\/t[dh]\s*>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/<[^>]*$/, "");
  return decodeEntities(text)
    .replace(/[ \t\f\v\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
