import { panel as en } from "../../locales/en.default.json";
import { panel as de } from "../../locales/de.json";
import { panel as es } from "../../locales/es.json";
import { panel as fr } from "../../locales/fr.json";
import { format, pickStrings } from "../i18n";
import { browserStorage, clearSession, readSession, type StoredSession, writeSession } from "../session-store";
import type { ConversationState, MessageView, PanelController, PanelHost } from "../types";
import { ChatApi, ChatApiError } from "./api";
import { h } from "./dom";
import { ChatCalls } from "./calls";
import { EventStream } from "./events";
import { bubble, icon, ICON_CAMERA, ICON_CLOSE, ICON_SEND, thumbnails, who } from "./render";

const TABLES = { en, fr, es, de };
/** The panel's strings, keyed as in the extension's locale files (`panel.<key>`). */
export type Strings = typeof en;
export type Translate = (key: keyof Strings, vars?: Record<string, string | number>) => string;

/** The chat API's limits: a message's length, photos per message, a photo's size. */
const MAX_TEXT = 4000;
const COUNTER_FROM = MAX_TEXT - 200;
const MAX_PHOTOS = 4;
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"];
const ACCEPT = `${PHOTO_TYPES.join(",")},.heic,.heif`;

/** A photo chosen for the next message. */
type Pending = { file: File; preview: string; chip: HTMLElement; progress: HTMLProgressElement; done: Promise<void>; attachment?: { id: string; url: string } };

/**
 * The chat panel: a modal dialog in the launcher's shadow root with the conversation, a composer,
 * quick actions and photo attachments. It restores the stored conversation when first opened, keeps
 * the live events stream while the page is open, and reports unread messages to the launcher
 * while closed.
 */
export class ChatPanel implements PanelController {
  private readonly t: Translate;
  private readonly api: ChatApi;
  private readonly storage = browserStorage();
  private session: StoredSession | null;
  private creating: Promise<StoredSession> | undefined;
  private stream: EventStream | undefined;
  private isOpen = false;
  private restored = false;
  private unread = 0;
  private waiting = 0;
  private lastId: string | undefined;
  private handedOffShown = false;
  /** Notices from the shop's side (hand-offs) that arrived on the events stream so far. */
  private noticesShown = 0;
  /** The widget's own hand-off notice, shown until the shop's arrives on the events stream and takes its place. */
  private handoffStandIn: Element | null = null;
  private readonly shown = new Set<string>();
  private pending: Pending[] = [];

  private readonly dialog: HTMLElement;
  private readonly subtitle: HTMLElement;
  private readonly connection: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly intro: HTMLElement;
  private readonly typing: HTMLElement;
  private readonly alert: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly counter: HTMLElement;
  private readonly chips: HTMLElement;
  private readonly personChip: HTMLButtonElement;
  private readonly fileInput: HTMLInputElement;
  private readonly attachButton: HTMLButtonElement;
  private readonly live: HTMLElement;
  private readonly calls: ChatCalls;

  constructor(private readonly host: PanelHost) {
    const strings = pickStrings(TABLES, host.config.locale);
    this.t = (key, vars) => format(strings[key], vars);
    this.api = new ChatApi(host.config.proxyBase);
    this.session = null;
    const t = this.t;

    this.subtitle = h("p", { class: "dk-sub" }, t("status_ai"));
    this.connection = h("p", { class: "dk-conn", role: "status" });
    this.intro = h("li", { class: "dk-msg dk-ai dk-intro", "data-role": "ai" }, h("span", { class: "dk-sr" }, `${t("assistant")}: `), h("p", { class: "dk-text" }));
    this.list = h("ol", { class: "dk-messages", "data-testid": "dokani-chat-messages" });
    this.typing = h(
      "div",
      { class: "dk-typing", "data-testid": "dokani-chat-typing", hidden: true },
      h("span", { class: "dk-dots", "aria-hidden": "true" }, h("span"), h("span"), h("span")),
      h("span", { class: "dk-sr" }, t("typing")),
    );
    this.scroller = h("div", { class: "dk-scroll", role: "region", "aria-label": t("messages_label"), tabindex: 0 }, this.list, this.typing);
    this.alert = h("div", { class: "dk-alert", role: "alert" });
    this.live = h("div", { class: "dk-sr", "aria-live": "polite", "data-testid": "dokani-chat-live" });
    this.calls = new ChatCalls({
      t,
      api: this.api,
      panelSrc: host.config.panelSrc,
      ensureSession: () => this.ensureSession(),
      showAlert: (text) => this.showAlert(text),
      clearAlert: () => this.alert.replaceChildren(),
      announce: (text) => this.announce(text),
      errorText: (error) => this.errorText(error),
    });
    // Leaving the page hangs up: the shop's cap on calls at once is not held by a closed tab.
    window.addEventListener("pagehide", () => void this.calls.end({ keepalive: true }));

    const quickButtons = (["quick_track", "quick_return", "quick_person"] as const).map((key) => h("button", { type: "button", class: "dk-chip-button", onclick: () => void this.submit(t(key)) }, t(key)));
    this.personChip = quickButtons[2]!;
    const quick = h("div", { class: "dk-quick", role: "group", "aria-label": t("quick_actions") }, quickButtons);

    this.counter = h("p", { class: "dk-counter", id: "dokani-chat-counter", "aria-live": "polite" });
    this.textarea = h("textarea", {
      id: "dokani-chat-message",
      class: "dk-input",
      rows: 1,
      maxlength: MAX_TEXT,
      placeholder: t("placeholder"),
      "aria-describedby": "dokani-chat-counter",
      onkeydown: (event: Event) => this.onComposerKey(event as KeyboardEvent),
      oninput: () => this.onInput(),
    });
    this.fileInput = h("input", { type: "file", accept: ACCEPT, multiple: true, hidden: true, "data-testid": "dokani-chat-file" });
    this.fileInput.addEventListener("change", () => {
      const files = [...(this.fileInput.files ?? [])];
      this.fileInput.value = "";
      this.addFiles(files);
    });
    this.attachButton = h("button", { type: "button", class: "dk-icon-button", "aria-label": t("attach"), onclick: () => this.fileInput.click() }, icon(ICON_CAMERA));
    this.chips = h("ul", { class: "dk-chips" });
    const form = h(
      "form",
      { class: "dk-composer", novalidate: true, onsubmit: (event: Event) => (event.preventDefault(), void this.submit()) },
      this.chips,
      h(
        "div",
        { class: "dk-row" },
        this.attachButton,
        this.fileInput,
        h("label", { class: "dk-sr", for: "dokani-chat-message" }, t("message_label")),
        this.textarea,
        h("button", { type: "submit", class: "dk-icon-button dk-send", "aria-label": t("send") }, icon(ICON_SEND)),
      ),
      this.counter,
    );

    this.dialog = h(
      "div",
      { class: "dk-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "dokani-chat-title", "data-testid": "dokani-chat-panel", onkeydown: (event: Event) => this.onDialogKey(event as KeyboardEvent) },
      h(
        "header",
        { class: "dk-head" },
        h("div", null, h("h2", { class: "dk-title", id: "dokani-chat-title" }, host.config.label), this.subtitle),
        h("div", { class: "dk-head-actions" }, this.calls.buttons, h("button", { type: "button", class: "dk-icon-button dk-close", "aria-label": t("close"), onclick: () => host.requestClose() }, icon(ICON_CLOSE))),
      ),
      this.calls.region,
      this.connection,
      this.scroller,
      this.alert,
      quick,
      form,
      this.live,
    );
    host.slot.append(this.dialog);
  }

  open(): void {
    this.isOpen = true;
    this.host.slot.hidden = false;
    this.unread = 0;
    this.host.setUnread(0);
    if (!this.restored) {
      this.restored = true;
      this.session = readSession(this.storage, this.host.config.shop);
      void this.restore();
    }
    this.markSeen();
    this.scrollToEnd(true);
    this.textarea.focus();
  }

  close(): void {
    this.isOpen = false;
    this.host.slot.hidden = true;
    // Closing the chat ends its call.
    void this.calls.end();
  }

  // ——— the conversation ———

  /** Shows the stored conversation (or the greeting alone) and goes live. */
  private async restore(): Promise<void> {
    this.alert.replaceChildren();
    const session = this.session;
    if (!session) return this.showIntro([]);
    const loading = h("li", { class: "dk-msg dk-system" }, h("p", { class: "dk-text" }, this.t("loading")));
    this.list.replaceChildren(loading);
    try {
      const { messages, calls } = await this.api.messages(session);
      this.calls.setOptions(calls);
      loading.remove();
      this.showIntro(messages);
      for (const message of messages) this.add(message, false);
      this.connect();
      this.scrollToEnd(true);
    } catch (error) {
      loading.remove();
      if (error instanceof ChatApiError && error.stale) {
        this.forget();
        return this.showIntro([]);
      }
      this.showAlert(this.t("restore_failed"), () => void this.restore());
    }
  }

  /** The greeting bubble: the block's greeting, else the shop's, else a default; skipped when the server already sent it as a message. */
  private showIntro(messages: MessageView[]): void {
    const text = this.greeting();
    const first = messages[0];
    this.intro.querySelector(".dk-text")!.textContent = text;
    if (first && first.role !== "customer" && first.text === text) return;
    this.list.prepend(this.intro);
  }

  private greeting(): string {
    return this.host.config.greeting || this.session?.greeting || this.t("greeting");
  }

  /** Adds a message from the server once (the events stream may replay what is already shown). */
  private add(message: MessageView, live: boolean, replacing?: Element): void {
    if (this.shown.has(message.id)) {
      replacing?.remove();
      return;
    }
    this.shown.add(message.id);
    this.lastId = message.id;
    const element = bubble(message, this.t, this.rated(), (rating, group) => void this.rate(message.id, rating, group));
    // Only the latest message's quick replies can be tapped: an answer moves the conversation on.
    this.list.querySelectorAll(".dk-replies").forEach((group) => group.remove());
    if (live && message.role === "ai" && message.quickReplies?.length) {
      const group = h("div", { class: "dk-replies dk-quick", role: "group", "aria-label": this.t("quick_actions") });
      for (const answer of message.quickReplies.slice(0, 9)) group.append(h("button", { type: "button", class: "dk-chip-button", onclick: () => (group.remove(), void this.submit(answer)) }, answer));
      element.append(group);
    }
    if (replacing) replacing.replaceWith(element);
    else this.list.append(element);
    if (message.role !== "customer") {
      if (live) this.announce(this.t("announce", { name: who(message, this.t), text: message.text.replace(/\*\*/g, "") }));
      if (live && !this.isOpen) this.host.setUnread(++this.unread);
    }
    if (this.isOpen) this.markSeen();
    this.scrollToEnd(live);
  }

  /** A message from the events stream; the shop's hand-off notice replaces the widget's stand-in, so it shows once. */
  private fromStream(message: MessageView): void {
    const notice = message.role === "system" && message.kind !== "satisfaction_request";
    if (notice) this.noticesShown++;
    const standIn = notice ? this.handoffStandIn : null;
    if (standIn) this.handoffStandIn = null;
    this.add(message, true, standIn ?? undefined);
  }

  private rated(): Set<string> {
    return new Set(this.session?.rated ?? []);
  }

  private state(state: ConversationState): void {
    if (state.agentName) this.subtitle.textContent = this.t("status_agent", { name: state.agentName });
    else this.subtitle.textContent = this.t(state.aiActive === false ? "status_waiting" : "status_ai");
    // Once a person has the conversation, asking for one again makes no sense.
    this.personChip.hidden = state.aiActive === false;
  }

  private connect(): void {
    this.stream?.stop();
    const session = this.session;
    if (!session) return;
    this.stream = new EventStream({
      url: this.api.url(session, "/events"),
      token: session.token,
      lastEventId: this.lastId,
      onMessage: (message) => this.fromStream(message),
      onState: (state) => this.state(state),
      onStatus: (status) => {
        this.connection.textContent = status === "reconnecting" ? this.t("reconnecting") : "";
      },
      onStale: () => {
        this.connection.textContent = "";
        this.forget();
      },
    });
    this.stream.start();
  }

  private async ensureSession(): Promise<StoredSession> {
    if (this.session) return this.session;
    this.creating ??= this.api
      .createSession({ locale: this.host.config.locale })
      .then(({ session, greeting, calls }) => {
        this.session = { id: session.id, token: session.token, ...(greeting ? { greeting } : {}) };
        this.calls.setOptions(calls);
        this.save();
        if (!this.host.config.greeting && greeting) this.intro.querySelector(".dk-text")!.textContent = greeting;
        this.connect();
        return this.session;
      })
      .finally(() => {
        this.creating = undefined;
      });
    return this.creating;
  }

  /** The stored session is stale: forget it; the next message starts a new one. */
  private forget(): void {
    this.stream?.stop();
    this.stream = undefined;
    this.session = null;
    this.lastId = undefined;
    clearSession(this.storage, this.host.config.shop);
  }

  private save(): void {
    if (this.session) writeSession(this.storage, this.host.config.shop, this.session);
  }

  private markSeen(): void {
    if (this.session && this.lastId && this.session.lastSeenId !== this.lastId) {
      this.session.lastSeenId = this.lastId;
      this.save();
    }
  }

  // ——— sending ———

  /** Sends the composer's text (or `text`, from a quick action) with the photos that are ready. */
  private async submit(text?: string): Promise<void> {
    const fromComposer = text === undefined;
    let body = (text ?? this.textarea.value).trim();
    const photos = fromComposer ? this.pending : [];
    if (!body && !photos.length) return;
    if (photos.length) await Promise.all(photos.map((p) => p.done));
    const attachments = photos.flatMap((p) => (p.attachment ? [p.attachment] : []));
    if (!body && !attachments.length) return;
    if (!body) body = this.t("photo_only");
    if (fromComposer) {
      this.textarea.value = "";
      this.onInput();
      for (const photo of photos) URL.revokeObjectURL(photo.preview);
      this.pending = [];
      this.chips.replaceChildren();
    }
    const mine = h(
      "li",
      { class: "dk-msg dk-customer", "data-role": "customer" },
      h("span", { class: "dk-sr" }, `${this.t("you")}: `),
      h("p", { class: "dk-text" }, body),
      thumbnails(attachments, this.t),
    );
    this.list.append(mine);
    this.scrollToEnd(true);
    await this.send(mine, body, attachments);
  }

  private async send(mine: HTMLElement, text: string, attachments: Array<{ id: string; url: string }>): Promise<void> {
    mine.querySelector(".dk-failed")?.remove();
    mine.classList.add("dk-sending");
    this.alert.replaceChildren();
    // The AI's answer as it streams in; it becomes the final message when the reply is complete.
    const live: { reply: HTMLElement | null } = { reply: null };
    const setWaiting = (delta: number) => {
      this.waiting += delta;
      this.typing.hidden = this.waiting <= 0;
      this.scrollToEnd(false);
    };
    setWaiting(1);
    const onDelta = (piece: string) => {
      if (!live.reply) {
        setWaiting(-1);
        live.reply = h("li", { class: "dk-msg dk-ai dk-live", "data-role": "ai", "aria-busy": "true" }, h("span", { class: "dk-sr" }, `${this.t("assistant")}: `), h("p", { class: "dk-text" }));
        this.list.append(live.reply);
      }
      live.reply.querySelector(".dk-text")!.append(piece);
      this.scrollToEnd(false);
    };
    const ids = attachments.map((a) => a.id);
    try {
      let session = await this.ensureSession();
      const notices = this.noticesShown;
      let result;
      try {
        result = await this.api.send(session, { text, ...(ids.length ? { attachmentIds: ids } : {}) }, onDelta);
      } catch (error) {
        if (!(error instanceof ChatApiError && error.stale) || live.reply) throw error;
        // The stored session expired: start a new one and say it there (its photos belonged to the old one).
        this.forget();
        session = await this.ensureSession();
        result = await this.api.send(session, { text }, onDelta);
      }
      mine.classList.remove("dk-sending");
      if (result.reply) this.add(result.reply, true, live.reply ?? undefined);
      else live.reply?.remove();
      if (result.handedOff) this.handedOff(notices);
    } catch (error) {
      live.reply?.remove();
      mine.classList.remove("dk-sending");
      const retry = () => void this.send(mine, text, attachments);
      mine.append(h("p", { class: "dk-failed" }, `${this.t("not_sent")} `, h("button", { type: "button", class: "dk-link", onclick: retry }, this.t("retry"))));
      this.showAlert(this.errorText(error));
    } finally {
      if (!live.reply) setWaiting(-1);
    }
  }

  /**
   * A person was asked to join. The shop's own notice comes on the events stream (it is stored, so a
   * reload shows it too); if it has not arrived yet, a stand-in says the same until it does. Neither
   * is announced twice: the reply before it already says a person is coming, the shop's notice is
   * announced when it arrives.
   */
  private handedOff(noticesBefore: number): void {
    this.subtitle.textContent = this.t("status_waiting");
    this.personChip.hidden = true;
    if (this.handedOffShown || this.noticesShown > noticesBefore) return;
    this.handedOffShown = true;
    this.handoffStandIn = h("li", { class: "dk-msg dk-system", "data-role": "system" }, h("p", { class: "dk-text" }, this.t("handed_off")));
    this.list.append(this.handoffStandIn);
    this.scrollToEnd(true);
  }

  private async rate(messageId: string, rating: number, group: HTMLElement): Promise<void> {
    const buttons = [...group.querySelectorAll("button")];
    for (const button of buttons) button.disabled = true;
    try {
      await this.api.rate(await this.ensureSession(), rating);
      const thanks = h("p", { class: "dk-rated", tabindex: -1 }, this.t("rating_thanks"));
      group.replaceWith(thanks);
      thanks.focus();
      this.announce(this.t("rating_thanks"));
      if (this.session) {
        this.session.rated = [...(this.session.rated ?? []), messageId];
        this.save();
      }
    } catch (error) {
      for (const button of buttons) button.disabled = false;
      buttons[rating - 1]?.focus();
      this.showAlert(this.errorText(error));
    }
  }

  // ——— photos ———

  private addFiles(files: File[]): void {
    this.alert.replaceChildren();
    for (const file of files) {
      if (this.pending.length >= MAX_PHOTOS) return this.showAlert(this.t("too_many_photos"));
      if (!PHOTO_TYPES.includes(file.type) && !/\.(heic|heif)$/i.test(file.name)) {
        this.showAlert(this.t("file_type", { name: file.name }));
        continue;
      }
      if (file.size > MAX_PHOTO_BYTES) {
        this.showAlert(this.t("file_size", { name: file.name }));
        continue;
      }
      const preview = URL.createObjectURL(file);
      const image = h("img", { src: preview, alt: "", width: 56, height: 56 });
      image.addEventListener("error", () => image.classList.add("dk-noimage"));
      const progress = h("progress", { max: 100, value: 0, "aria-label": this.t("uploading", { name: file.name, percent: 0 }) });
      const chip = h("li", { class: "dk-chip dk-uploading", "data-name": file.name }, image, progress);
      const photo: Pending = { file, preview, chip, progress, done: Promise.resolve() };
      chip.append(h("button", { type: "button", class: "dk-remove", "aria-label": this.t("remove_photo", { name: file.name }), onclick: () => this.removePhoto(photo, true) }, icon(ICON_CLOSE)));
      this.chips.append(chip);
      this.pending.push(photo);
      photo.done = this.upload(photo);
    }
  }

  private async upload(photo: Pending): Promise<void> {
    const name = photo.file.name;
    try {
      const session = await this.ensureSession();
      photo.attachment = await this.api.upload(session, photo.file, (fraction) => {
        const percent = Math.round(fraction * 100);
        photo.progress.value = percent;
        photo.progress.setAttribute("aria-label", this.t("uploading", { name, percent }));
      });
      photo.chip.classList.remove("dk-uploading");
      photo.progress.remove();
      this.announce(this.t("uploaded", { name }));
    } catch (error) {
      this.removePhoto(photo, false);
      const code = error instanceof ChatApiError ? error.code : "";
      const text =
        code === "file_too_large" ? this.t("file_size", { name }) : code === "unsupported_media_type" ? this.t("file_type", { name }) : code === "rate_limited" ? this.errorText(error) : this.t("upload_failed", { name });
      this.showAlert(text);
    }
  }

  private removePhoto(photo: Pending, moveFocus: boolean): void {
    URL.revokeObjectURL(photo.preview);
    photo.chip.remove();
    this.pending = this.pending.filter((p) => p !== photo);
    if (moveFocus) this.attachButton.focus();
  }

  // ——— the composer and the dialog ———

  private onComposerKey(event: KeyboardEvent): void {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.submit();
    }
  }

  private onInput(): void {
    const length = this.textarea.value.length;
    this.counter.textContent = length >= COUNTER_FROM ? this.t("chars_left", { count: MAX_TEXT - length }) : "";
    this.textarea.style.height = "auto";
    this.textarea.style.height = `${Math.min(this.textarea.scrollHeight, 128)}px`;
  }

  /** Escape closes; Tab and Shift+Tab go round the dialog's controls without leaving it. */
  private onDialogKey(event: KeyboardEvent): void {
    if (event.key === "Escape") {
      event.preventDefault();
      this.host.requestClose();
      return;
    }
    if (event.key !== "Tab") return;
    const controls = [...this.dialog.querySelectorAll<HTMLElement>("a[href],button:not([disabled]),textarea,input:not([hidden]),[tabindex]:not([tabindex='-1'])")].filter(
      (element) => element.getClientRects().length > 0,
    );
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (!first || !last) return;
    const active = this.host.root.activeElement;
    if (event.shiftKey && (active === first || !this.dialog.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !this.dialog.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  private showAlert(text: string, retry?: () => void): void {
    this.alert.replaceChildren(h("p", null, text, retry ? [" ", h("button", { type: "button", class: "dk-link", onclick: retry }, this.t("retry"))] : null));
  }

  private errorText(error: unknown): string {
    if (!(error instanceof ChatApiError)) return this.t("server_error");
    if (error.code === "network_error") return this.t("network_error");
    if (error.status === 429 || error.code === "rate_limited") return this.t("rate_limited", { seconds: error.retryAfter ?? 30 });
    return this.t("server_error");
  }

  /** One announcement for a whole message, through the polite live region. */
  private announce(text: string): void {
    this.live.append(h("p", null, text));
    while (this.live.childElementCount > 3) this.live.firstElementChild?.remove();
  }

  private scrollToEnd(force: boolean): void {
    const { scrollTop, scrollHeight, clientHeight } = this.scroller;
    if (force || scrollHeight - scrollTop - clientHeight < 120) this.scroller.scrollTop = scrollHeight;
  }
}
