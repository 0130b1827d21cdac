import type { ItemCondition, Resolution, ReturnReason } from "../../../app/.server/returns/types";
import { ApiError, type LookupAnswer, type PortalApi } from "./api";
import { h, replace } from "./dom";
import type { StringKey, Translate } from "./i18n";
import { moneyFormatter } from "./money";
import type { Photo } from "./photos";
import type { Choice } from "./steps/exchange";
import { renderItems } from "./steps/items";
import { renderLookup } from "./steps/lookup";
import { renderReview } from "./steps/review";
import { loadStatus } from "./steps/status";

/** What the shopper chose for one order line. */
export type Selection = { quantity: number; reason: ReturnReason | ""; condition: ItemCondition | ""; note: string };

/** Everything the shopper has entered, kept across steps so that Back loses nothing. */
export type PortalState = {
  orderNumber: string;
  email: string;
  lookup: LookupAnswer | null;
  selections: Map<string, Selection>;
  photos: Photo[];
  resolution: Resolution | "";
  /** The replacement picked for each line of an exchange, by line id. */
  exchange: Map<string, Choice>;
  note: string;
  /** The Idempotency-Key of the submit attempt in flight, kept only while a retry could repeat it. */
  attemptKey: string | null;
};

/** The query parameters that make the page a return's status page. */
export const RETURN_PARAM = "dokani_return";
export const TOKEN_PARAM = "dokani_token";

/** One portal on the page: its state, its live region and the step it shows. */
export class Portal {
  readonly state: PortalState = {
    orderNumber: "",
    email: "",
    lookup: null,
    selections: new Map(),
    photos: [],
    resolution: "",
    exchange: new Map(),
    note: "",
    attemptKey: null,
  };
  readonly view = h("div", { class: "dk-view" });
  private readonly live = h("p", { class: "dk-sr", role: "status", "aria-live": "polite" });

  constructor(
    readonly mount: HTMLElement,
    readonly api: PortalApi,
    readonly t: Translate,
    readonly locale: string,
    readonly level: number,
  ) {
    mount.replaceChildren(h("div", { class: "dk-rp" }, this.view, this.live));
  }

  /** Opens the status page when the URL names a return, else the first step. */
  start(): void {
    const params = new URLSearchParams(location.search);
    const id = params.get(RETURN_PARAM);
    const token = params.get(TOKEN_PARAM);
    if (id && token) void loadStatus(this, id, token, { focus: false, uploads: [] });
    else this.show("lookup", false);
  }

  /** Shows a step; `focus` moves focus to its heading, as after every step the shopper takes. */
  show(step: "lookup" | "items" | "review", focus = true, alert?: string): void {
    if (step === "lookup") renderLookup(this, alert);
    else if (step === "items") renderItems(this);
    else renderReview(this);
    if (focus) this.focusHeading();
  }

  /** Puts a step's content in the view. */
  render(...children: Array<Node | null | false>): void {
    replace(this.view, ...children);
  }

  /** Moves focus to the step's heading (it has tabindex=-1), scrolling it into view. */
  focusHeading(): void {
    this.view.querySelector<HTMLElement>(".dk-title")?.focus();
  }

  /** A heading `depth` levels below the block's own level (h2 unless the block says otherwise). */
  heading(text: string, depth = 0, title = false): HTMLHeadingElement {
    const tag = `h${Math.min(6, this.level + depth)}` as "h2";
    return h(tag, title ? { class: "dk-title", tabindex: "-1" } : { class: "dk-subtitle" }, text);
  }

  /** Says something to screen readers through the polite live region. */
  announce(text: string): void {
    // Emptied first so that the same sentence twice is still read out.
    this.live.textContent = "";
    requestAnimationFrame(() => {
      this.live.textContent = text;
    });
  }

  /** Formats cents in the order's currency (or `currency`) for the shopper's language. */
  money(cents: number, currency = this.state.lookup?.order.currency ?? "USD"): string {
    return moneyFormatter(currency, this.locale)(cents);
  }

  /** Formats an ISO date for the shopper's language. */
  date(iso: string): string {
    const value = new Date(iso);
    return Number.isNaN(value.getTime()) ? iso : new Intl.DateTimeFormat(this.locale, { dateStyle: "long" }).format(value);
  }

  /** Formats a calendar day (YYYY-MM-DD, already in the shop's time zone) for the shopper's language. */
  day(date: string): string {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    const value = new Date(Date.UTC(y, m - 1, d, 12));
    return Number.isNaN(value.getTime()) ? date : new Intl.DateTimeFormat(this.locale, { dateStyle: "full", timeZone: "UTC" }).format(value);
  }

  /** The page's own address opening one return's status page. */
  returnUrl(id: string, token: string): string {
    const url = new URL(location.href);
    url.searchParams.set(RETURN_PARAM, id);
    url.searchParams.set(TOKEN_PARAM, token);
    return url.toString();
  }

  /** The sentence to show for a failed call: ours for the codes we know, else the server's, else a generic one. */
  errorText(error: unknown): string {
    if (!(error instanceof ApiError)) return this.t("server_error");
    const known: Record<string, StringKey> = {
      network_error: "network_error",
      rate_limited: "rate_limited",
      order_not_found: "order_not_found",
      invalid_token: "session_expired",
      file_too_large: "file_too_large",
      unsupported_media_type: "unsupported_media_type",
    };
    const key = known[error.code];
    if (key) return this.t(key);
    return error.status < 500 && error.message ? error.message : this.t("server_error");
  }

  /** Writes the return into the page URL, so that a reload or a bookmark comes back to its status. */
  rememberReturn(id: string, token: string | null): void {
    const url = new URL(location.href);
    if (token) {
      url.searchParams.set(RETURN_PARAM, id);
      url.searchParams.set(TOKEN_PARAM, token);
    } else {
      url.searchParams.delete(RETURN_PARAM);
      url.searchParams.delete(TOKEN_PARAM);
    }
    history.replaceState(history.state, "", url);
  }

  /** Forgets everything and goes back to the first step. */
  restart(): void {
    for (const photo of this.state.photos) URL.revokeObjectURL(photo.preview);
    Object.assign(this.state, { lookup: null, selections: new Map(), photos: [], resolution: "", exchange: new Map(), note: "", attemptKey: null });
    this.rememberReturn("", null);
    this.show("lookup");
  }
}
