/**
 * Turns a shop policy's HTML into the Markdown subset the knowledge base renders: headings,
 * paragraphs, lists, bold, italic and links (http, https and mailto only). Everything else is
 * reduced to its text: scripts, styles and comments vanish with their content, attributes are
 * never copied, and entities are decoded, so nothing in the source can smuggle markup through.
 * Pure and linear in the input.
 */

const DROP_WITH_CONTENT = /<(script|style|head|template|iframe|noscript|svg|object|embed|textarea|select)\b[\s\S]*?<\/\1\s*>/gi;
const BLOCKS = new Set(["p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "table", "thead", "tbody", "figure", "address", "pre", "hr", "dl"]);
const NAMED: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", ndash: "–", mdash: "—", hellip: "…",
  rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“", copy: "©", reg: "®", trade: "™", euro: "€", pound: "£", bull: "•", middot: "·", times: "×",
};

/** Decodes HTML character references; unknown names and invalid code points are left out. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});?/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "";
      return code < 32 && code !== 9 && code !== 10 ? "" : String.fromCodePoint(code);
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

function escapeText(text: string): string {
  return text.replace(/[\\*_[\]]/g, (c) => `\\${c}`);
}

function safeHref(raw: string | undefined): string | null {
  if (!raw) return null;
  const href = decodeEntities(raw).trim();
  if (!/^(https?:\/\/|mailto:)/i.test(href)) return null;
  return href.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));
}

function attribute(attrs: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(attrs);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** The Markdown of an HTML fragment (see the file comment for what survives). */
export function htmlToMarkdown(html: string): string {
  const source = html.replace(/<!--[\s\S]*?-->/g, "").replace(DROP_WITH_CONTENT, "");
  let out = "";
  const lists: Array<{ ordered: boolean; index: number }> = [];
  const links: Array<string | null> = [];
  const block = () => {
    out = out.replace(/[ \t]+$/, "");
    if (out && !out.endsWith("\n\n")) out += out.endsWith("\n") ? "\n" : "\n\n";
  };
  const line = () => {
    out = out.replace(/[ \t]+$/, "");
    if (out && !out.endsWith("\n")) out += "\n";
  };
  const token = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)|(<)/g;
  for (let m = token.exec(source); m; m = token.exec(source)) {
    if (m[4] !== undefined || m[5] !== undefined) {
      const text = escapeText(decodeEntities(m[4] ?? "<").replace(/\s+/g, " "));
      // Whitespace at the start of a line means nothing in HTML, and would mean code or nesting in Markdown.
      out += out === "" || out.endsWith("\n") ? text.replace(/^ +/, "") : text;
      continue;
    }
    const closing = m[1] === "/";
    const tag = m[2]!.toLowerCase();
    const attrs = m[3] ?? "";
    if (BLOCKS.has(tag)) block();
    else if (/^h[1-6]$/.test(tag)) {
      block();
      if (!closing) out += `${"#".repeat(Math.max(2, Number(tag[1])))} `;
    } else if (tag === "br") line();
    else if (tag === "tr") line();
    else if (tag === "td" || tag === "th") {
      if (closing) out += " ";
    } else if (tag === "ul" || tag === "ol") {
      if (closing) {
        lists.pop();
        if (!lists.length) block();
      } else {
        if (!lists.length) block();
        lists.push({ ordered: tag === "ol", index: 0 });
      }
    } else if (tag === "li") {
      if (!closing) {
        line();
        const list = lists.at(-1) ?? { ordered: false, index: 0 };
        list.index++;
        out += `${"  ".repeat(Math.max(0, lists.length - 1))}${list.ordered ? `${list.index}.` : "-"} `;
      }
    } else if (tag === "strong" || tag === "b") out += "**";
    else if (tag === "em" || tag === "i") out += "*";
    else if (tag === "a") {
      if (!closing) {
        const href = safeHref(attribute(attrs, "href"));
        links.push(href);
        if (href) out += "[";
      } else {
        const href = links.pop();
        if (href) out += `](${href})`;
      }
    }
  }
  return out
    .split("\n")
    .map((l) => l.replace(/[ \t]+$/, ""))
    .join("\n")
    .replace(/\*\*\s*\*\*/g, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
