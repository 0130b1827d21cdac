import { launcher as en } from "../locales/en.default.json";
import { launcher as de } from "../locales/de.json";
import { launcher as es } from "../locales/es.json";
import { launcher as fr } from "../locales/fr.json";
import { readConfig, WIDGET_SELECTOR } from "./config";
import { format, pickStrings } from "./i18n";
import { browserStorage, clearSession, countUnread, readSession } from "./session-store";
import type { MessageView, PanelController, PanelHost, PanelModule } from "./types";

/**
 * The chat launcher, the only script a storefront page loads: a fixed round button in a shadow
 * root. It makes no request until the shopper opens it; then it loads the panel's script and
 * stylesheet and hands the panel the shadow root. A page whose shopper has a conversation going
 * asks for its unread count once the browser is idle.
 */

const TABLES = { en, fr, es, de };

const STYLE =
  ":host{all:initial}" +
  ".dk{font:16px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a}" +
  ".dk-launcher{position:fixed;z-index:2147483000;bottom:20px;right:20px;width:56px;height:56px;margin:0;padding:0;border:0;border-radius:50%;" +
  "background:var(--dk-accent);color:var(--dk-on-accent);box-shadow:0 4px 14px rgba(0,0,0,.3);cursor:pointer;display:flex;align-items:center;justify-content:center}" +
  ".dk-left .dk-launcher,.dk-left .dk-note{right:auto;left:20px}" +
  ".dk-launcher:focus-visible{outline:3px solid #1a1a1a;outline-offset:3px;box-shadow:0 0 0 3px #fff}" +
  ".dk-launcher svg{width:28px;height:28px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}" +
  ".dk-x,[aria-expanded=true] .dk-chat{display:none}[aria-expanded=true] .dk-x{display:block}" +
  ".dk-badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border:2px solid #fff;border-radius:10px;" +
  "background:#b91c1c;color:#fff;font:700 12px/16px system-ui,sans-serif;text-align:center}" +
  ".dk-note{position:fixed;z-index:2147483000;bottom:88px;right:20px;max-width:260px;margin:0;padding:8px 12px;border-radius:8px;background:#1a1a1a;color:#fff;font-size:14px}" +
  ".dk-note:empty,[hidden]{display:none!important}" +
  ".dk-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
  "@media (prefers-reduced-motion:no-preference){.dk-launcher{transition:transform .15s}.dk-launcher:hover{transform:scale(1.06)}}" +
  "@media print{.dk{display:none}}";

const ICONS =
  '<svg class="dk-chat" viewBox="0 0 24 24" aria-hidden="true"><path d="M21 11.5a8.5 8.5 0 0 1-12.3 7.6L3 21l1.9-5.7A8.5 8.5 0 1 1 21 11.5z"/></svg>' +
  '<svg class="dk-x" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6 6 18"/></svg>';

/** The launcher script's own URL: the panel's files sit beside it when the page does not name them. */
const SCRIPT_SRC = (document.currentScript as HTMLScriptElement | null)?.src ?? "";

function mount(element: HTMLElement): void {
  if (element.shadowRoot) return;
  const config = readConfig(element.dataset, { lang: document.documentElement.lang || navigator.language, hostname: location.hostname, scriptSrc: SCRIPT_SRC }, (locale) => pickStrings(TABLES, locale).label);
  const t = pickStrings(TABLES, config.locale);
  // Says which bottom corner the launcher takes, so storefront blocks (the returns portal) can keep
  // their values out from under it on a phone.
  document.documentElement.classList.add(`dokani-launcher-${config.position}`);
  const root = element.attachShadow({ mode: "open" });
  root.innerHTML =
    `<style>${STYLE}</style><div class="dk dk-${config.position}">` +
    '<div id="dokani-chat-panel" class="dk-slot" hidden></div><p class="dk-note" role="status"></p>' +
    `<button type="button" class="dk-launcher" aria-expanded="false" aria-controls="dokani-chat-panel" data-testid="dokani-chat-launcher">${ICONS}` +
    '<span class="dk-badge" aria-hidden="true" hidden></span><span id="dokani-chat-unread" class="dk-sr"></span></button></div>';
  const wrapper = root.querySelector<HTMLElement>(".dk")!;
  wrapper.style.setProperty("--dk-accent", config.accent);
  wrapper.style.setProperty("--dk-on-accent", config.onAccent);
  const slot = root.querySelector<HTMLElement>(".dk-slot")!;
  const note = root.querySelector<HTMLElement>(".dk-note")!;
  const button = root.querySelector<HTMLButtonElement>(".dk-launcher")!;
  const badge = root.querySelector<HTMLElement>(".dk-badge")!;
  const unreadText = root.querySelector<HTMLElement>("#dokani-chat-unread")!;
  button.setAttribute("aria-label", config.label);

  let controller: PanelController | undefined;
  let loading: Promise<PanelController> | undefined;
  let open = false;

  const setUnread = (count: number) => {
    badge.hidden = count <= 0;
    badge.textContent = count > 9 ? "9+" : String(count);
    unreadText.textContent = count > 0 ? format(t.unread, { count }) : "";
    if (count > 0) button.setAttribute("aria-describedby", unreadText.id);
    else button.removeAttribute("aria-describedby");
  };

  const host: PanelHost = { config, root, slot, launcher: button, requestClose: () => setOpen(false), setUnread };

  /** The panel's stylesheet (in the shadow root) and script, fetched in parallel. */
  const load = () => {
    const link = document.createElement("link");
    const css = new Promise<void>((resolve, reject) => {
      link.rel = "stylesheet";
      link.href = config.panelCss;
      link.onload = () => resolve();
      link.onerror = reject;
      root.prepend(link);
    });
    const script = new Promise<PanelModule>((resolve, reject) => {
      if (window.__dokaniChatPanel) return resolve(window.__dokaniChatPanel);
      const tag = document.createElement("script");
      tag.src = config.panelSrc;
      tag.async = true;
      tag.onload = () => (window.__dokaniChatPanel ? resolve(window.__dokaniChatPanel) : reject(new Error("panel did not register")));
      tag.onerror = () => {
        tag.remove();
        reject(new Error("panel did not load"));
      };
      document.head.appendChild(tag);
    });
    return Promise.all([script, css]).then(
      ([panel]) => panel.create(host),
      (error: unknown) => {
        link.remove();
        throw error;
      },
    );
  };

  async function setOpen(next: boolean): Promise<void> {
    if (next === open) return;
    open = next;
    if (!next) {
      button.setAttribute("aria-expanded", "false");
      controller?.close();
      button.focus();
      return;
    }
    note.textContent = "";
    button.setAttribute("aria-busy", "true");
    try {
      controller ??= await (loading ??= load());
    } catch {
      loading = undefined;
      open = false;
      note.textContent = t.load_failed;
      return;
    } finally {
      button.removeAttribute("aria-busy");
    }
    if (!open) return;
    button.setAttribute("aria-expanded", "true");
    setUnread(0);
    controller.open();
  }

  button.addEventListener("click", () => void setOpen(!open));

  // A conversation from an earlier page: its unread count, once the page has nothing better to do.
  const storage = browserStorage();
  const stored = readSession(storage, config.shop);
  if (stored?.lastSeenId) {
    const whenIdle = (task: () => void) => ("requestIdleCallback" in window ? requestIdleCallback(task, { timeout: 8000 }) : setTimeout(task, 3000));
    whenIdle(() => {
      if (loading) return;
      fetch(`${config.proxyBase}/chat/sessions/${encodeURIComponent(stored.id)}/messages`, {
        headers: { Accept: "application/json", Authorization: `Bearer ${stored.token}` },
        credentials: "same-origin",
      })
        .then(async (response) => {
          if (response.status === 401 || response.status === 404) return clearSession(storage, config.shop);
          if (!response.ok || loading) return;
          const body = (await response.json()) as { messages?: MessageView[] };
          if (!loading) setUnread(countUnread(body.messages ?? [], stored.lastSeenId));
        })
        .catch(() => {
          // Offline: the badge waits for the next page.
        });
    });
  }
}

function mountAll(): void {
  for (const element of document.querySelectorAll<HTMLElement>(WIDGET_SELECTOR)) mount(element);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
