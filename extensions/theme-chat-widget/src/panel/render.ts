import type { MessageView } from "../types";
import { h, safeUrl } from "./dom";
import { markdown } from "./markdown";
import type { Translate } from "./panel";

/** Icon paths (24×24, stroked); decorative, the buttons carry the names. */
export const ICON_CLOSE = "M6 6l12 12M18 6 6 18";
export const ICON_SEND = "M4 12 20 4l-6 16-3-7-7-1z";
export const ICON_CAMERA = "M4 8h3l2-3h6l2 3h3v11H4zM12 16.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z";

/** A decorative icon. */
export function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const shape = document.createElementNS("http://www.w3.org/2000/svg", "path");
  shape.setAttribute("d", path);
  svg.append(shape);
  return svg;
}

/** The name a message is shown and announced under. */
export function who(message: MessageView, t: Translate): string {
  if (message.role === "agent") return message.authorName || t("team");
  if (message.role === "ai") return t("assistant");
  if (message.role === "customer") return t("you");
  return t("notice");
}

/** A message's photos as thumbnails that open the full image. */
export function thumbnails(attachments: ReadonlyArray<{ id: string; url: string }> | null | undefined, t: Translate): HTMLElement | null {
  const usable = (attachments ?? []).flatMap((a) => {
    const url = safeUrl(a.url);
    return url ? [url] : [];
  });
  if (!usable.length) return null;
  return h(
    "div",
    { class: "dk-thumbs" },
    usable.map((url, i) => h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, h("img", { src: url, alt: t("photo", { number: i + 1 }), width: 72, height: 72, loading: "lazy" }))),
  );
}

/**
 * One message as a list item. Every piece of text is a text node: nothing from the shopper, the
 * merchant or the model is ever parsed as HTML (Markdown becomes elements, see markdown.ts).
 */
export function bubble(message: MessageView, t: Translate, rated: ReadonlySet<string>, onRate: (rating: number, group: HTMLElement) => void): HTMLLIElement {
  const role = ["customer", "ai", "agent", "system"].includes(message.role) ? message.role : "system";
  const name = who(message, t);
  const sources = [...new Set((message.sources ?? []).map((s) => s.title).filter(Boolean))];
  const item = h(
    "li",
    { class: `dk-msg dk-${role}`, "data-role": role, "data-id": message.id },
    role === "agent" ? h("p", { class: "dk-who" }, name) : h("span", { class: "dk-sr" }, `${name}: `),
    // The assistant's and the team's Markdown is rendered (as elements, never as HTML); the shopper's own words stay as typed.
    role === "ai" || role === "agent" ? markdown(message.text) : h("p", { class: "dk-text" }, message.text),
    thumbnails(message.attachments, t),
    sources.map((title) => h("p", { class: "dk-source" }, t("source", { title }))),
  );
  if (message.kind === "satisfaction_request") {
    if (rated.has(message.id)) item.append(h("p", { class: "dk-rated" }, t("rating_thanks")));
    else {
      const group = h("div", { class: "dk-rating", role: "group", "aria-label": t("rating_group") });
      for (let rating = 1; rating <= 5; rating++) {
        group.append(h("button", { type: "button", "aria-label": t("rating_option", { rating }), onclick: () => onRate(rating, group) }, String(rating)));
      }
      item.append(group);
    }
  }
  return item;
}
