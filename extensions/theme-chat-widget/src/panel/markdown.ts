import { h, safeUrl } from "./dom";

/*
 * The little Markdown the assistant writes (bold, lists, links), turned into elements. Nothing is
 * ever parsed as HTML: each piece of text becomes a text node, so "<b>" shows as written, and a
 * link is made only for http(s) addresses.
 */

const INLINE = /\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\((\S+?)\)|(https?:\/\/[^\s)]+[^\s).,;!?])/g;

/** The inline pieces of one line: text, bold and links. */
export function inline(text: string): Array<Node | string> {
  const out: Array<Node | string> = [];
  let at = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > at) out.push(text.slice(at, match.index));
    const [whole, bold, label, target, bare] = match;
    const url = target ?? bare ? safeUrl((target ?? bare)!) : null;
    if (bold !== undefined) out.push(h("strong", null, bold));
    else if (url && /^https?:/.test(url)) out.push(h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label ?? bare!));
    else out.push(label ?? whole);
    at = match.index + whole.length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** A message's text as paragraphs and lists. */
export function markdown(text: string): HTMLElement {
  const root = h("div", { class: "dk-text" });
  let list: HTMLElement | null = null;
  let paragraph: HTMLElement | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    const item = /^\s*(?:[-*•]|(\d{1,2})[.)])\s+(.*)$/.exec(line);
    if (item) {
      const tag = item[1] ? "ol" : "ul";
      if (!list || list.tagName.toLowerCase() !== tag) root.append((list = h(tag)));
      list.append(h("li", null, inline(item[2]!)));
      paragraph = null;
    } else if (!line.trim()) {
      list = null;
      paragraph = null;
    } else {
      list = null;
      if (paragraph) paragraph.append(h("br"), ...inline(line));
      else root.append((paragraph = h("p", null, inline(line))));
    }
  }
  return root;
}
