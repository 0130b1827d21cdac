import type { CallHandle, CallPhase, VideoModule, VoiceModule } from "../calls/types";
import type { ChatApi, CallOptions } from "./api";
import { ChatApiError } from "./api";
import { h } from "./dom";
import { icon, ICON_CLOSE } from "./render";
import type { Translate } from "./panel";

/** A phone handset and a video camera, in the panel's icon style. */
const ICON_PHONE = "M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z";
const ICON_VIDEO = "M3 7h12v10H3zM15 10l6-3v10l-6-3z";

type Session = { id: string; token: string };
type Kind = "voice" | "video";

/** Loads an on-demand bundle once (a script beside the panel's) and resolves with what it registered. */
function loadBundle<T>(src: string, registered: () => T | undefined): Promise<T> {
  const ready = registered();
  if (ready) return Promise.resolve(ready);
  return new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = src;
    tag.async = true;
    tag.onload = () => {
      const module = registered();
      if (module) resolve(module);
      else reject(new Error("call bundle did not register"));
    };
    tag.onerror = () => {
      tag.remove();
      reject(new Error("call bundle did not load"));
    };
    document.head.appendChild(tag);
  });
}

/**
 * The chat's Call and Video buttons and the call in progress. The buttons show only for what the
 * shop offers (the chat API says so with the session). Starting a call first asks the browser for
 * the microphone (and the camera for video), saying why; a refusal is explained and nothing is
 * started. Then Dokani starts the call, and only then is the voice client or the video frame
 * loaded. Ending the call, closing the chat or leaving the page hangs up and tells Dokani.
 */
export class ChatCalls {
  readonly buttons: HTMLElement;
  readonly region: HTMLElement;
  private readonly voiceButton: HTMLButtonElement;
  private readonly videoButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly endButton: HTMLButtonElement;
  private current: { kind: Kind; id: string | null; session: Session | null; handle: CallHandle | null; ending: boolean } | null = null;

  constructor(
    private readonly deps: {
      t: Translate;
      api: ChatApi;
      panelSrc: string;
      ensureSession(): Promise<Session>;
      showAlert(text: string): void;
      clearAlert(): void;
      announce(text: string): void;
      errorText(error: unknown): string;
    },
  ) {
    const { t } = deps;
    this.voiceButton = h("button", { type: "button", class: "dk-icon-button", "aria-label": t("call_voice"), title: t("call_voice"), hidden: true, "data-testid": "dokani-call-voice", onclick: () => void this.start("voice") }, icon(ICON_PHONE));
    this.videoButton = h("button", { type: "button", class: "dk-icon-button", "aria-label": t("call_video"), title: t("call_video"), hidden: true, "data-testid": "dokani-call-video", onclick: () => void this.start("video") }, icon(ICON_VIDEO));
    this.buttons = h("div", { class: "dk-call-buttons" }, this.voiceButton, this.videoButton);
    this.status = h("p", { class: "dk-call-status", role: "status", "data-testid": "dokani-call-status" });
    this.stage = h("div", { class: "dk-call-stage" });
    this.endButton = h("button", { type: "button", class: "dk-end-call", "data-testid": "dokani-call-end", onclick: () => void this.end() }, icon(ICON_CLOSE), t("call_end"));
    this.region = h("section", { class: "dk-call", "aria-label": t("call_region"), hidden: true, "data-testid": "dokani-call" }, this.status, this.stage, this.endButton);
  }

  /** What the shop offers, from the chat API's answer. */
  setOptions(options: CallOptions | undefined): void {
    this.voiceButton.hidden = !options?.voice;
    this.videoButton.hidden = !options?.video;
  }

  get active(): boolean {
    return this.current !== null;
  }

  private phase(text: string): void {
    this.status.textContent = text;
  }

  private setBusy(busy: boolean): void {
    this.voiceButton.disabled = busy;
    this.videoButton.disabled = busy;
  }

  /** Asks for the microphone (and camera) before anything is started; answers a sentence for the shopper when refused. */
  private async askDevices(kind: Kind): Promise<string | null> {
    const { t } = this.deps;
    if (!navigator.mediaDevices?.getUserMedia) return t("call_unsupported");
    try {
      const stream = await navigator.mediaDevices.getUserMedia(kind === "video" ? { audio: true, video: true } : { audio: true });
      // The voice client and the video room open their own streams; this one only asked.
      for (const track of stream.getTracks()) track.stop();
      return null;
    } catch (error) {
      const name = error instanceof DOMException ? error.name : "";
      if (name === "NotAllowedError" || name === "SecurityError") return t(kind === "video" ? "call_camera_denied" : "call_mic_denied");
      if (name === "NotFoundError" || name === "OverconstrainedError") return t(kind === "video" ? "call_camera_missing" : "call_mic_missing");
      if (name === "NotReadableError") return t("call_device_busy");
      return t("call_unsupported");
    }
  }

  async start(kind: Kind): Promise<void> {
    if (this.current) return;
    const { t } = this.deps;
    this.deps.clearAlert();
    const call: NonNullable<ChatCalls["current"]> = { kind, id: null, session: null, handle: null, ending: false };
    this.current = call;
    this.setBusy(true);
    this.region.hidden = false;
    this.region.classList.toggle("dk-call-video", kind === "video");
    this.stage.replaceChildren();
    this.phase(t(kind === "video" ? "call_asking_camera" : "call_asking_mic"));
    this.endButton.focus();
    const refused = await this.askDevices(kind);
    if (call.ending) return;
    if (refused) return this.fail(refused);
    this.phase(t("call_connecting"));
    try {
      call.session = await this.deps.ensureSession();
      const started = await this.deps.api.startCall(call.session, kind);
      call.id = started.id;
      if (call.ending) return void this.deps.api.endCall(call.session, started.id).catch(() => undefined);
      if (!started.joinUrl) throw new ChatApiError(409, "calls_unavailable");
      // The bundles sit beside the panel's script, whose address may be relative to the page.
      const base = new URL(this.deps.panelSrc, location.href);
      if (kind === "voice") {
        const voice = await loadBundle<VoiceModule>(new URL("dokani-chat-voice.js", base).href, () => window.__dokaniChatVoice);
        if (call.ending) return;
        call.handle = await voice.start({
          signedUrl: started.joinUrl,
          onPhase: (phase: CallPhase) => {
            if (phase === "listening") this.phase(t("call_listening"));
            else if (phase === "speaking") this.phase(t("call_speaking"));
          },
          onEnded: (reason) => {
            if (reason !== "user") void this.finish(reason === "error" ? t("call_dropped") : t("call_ended"));
          },
        });
        this.deps.announce(t("call_started"));
      } else {
        const video = await loadBundle<VideoModule>(new URL("dokani-chat-video.js", base).href, () => window.__dokaniChatVideo);
        if (call.ending) return;
        call.handle = video.start({ roomUrl: started.joinUrl, container: this.stage, title: t("call_video_frame"), onEnded: () => void this.finish(t("call_ended")) });
        this.phase(t("call_video_live"));
        this.deps.announce(t("call_started"));
      }
      if (call.ending) await call.handle.end();
    } catch (error) {
      if (call.ending) return;
      const text =
        error instanceof ChatApiError
          ? error.code === "calls_unavailable"
            ? t("call_unavailable")
            : this.deps.errorText(error)
          : t("call_failed");
      await this.tellServer(call);
      this.fail(text);
    }
  }

  private fail(text: string): void {
    this.reset();
    this.deps.showAlert(text);
  }

  private reset(): void {
    this.current = null;
    this.region.hidden = true;
    this.stage.replaceChildren();
    this.phase("");
    this.setBusy(false);
  }

  private async tellServer(call: NonNullable<ChatCalls["current"]>, keepalive = false): Promise<void> {
    if (call.session && call.id) await this.deps.api.endCall(call.session, call.id, keepalive).catch(() => undefined);
  }

  /** The call ended on the other side (or dropped): tell Dokani, say so. */
  private async finish(text: string): Promise<void> {
    const call = this.current;
    if (!call || call.ending) return;
    call.ending = true;
    this.reset();
    this.deps.announce(text);
    this.deps.showAlert(text);
    await this.tellServer(call);
  }

  /** The shopper hangs up (the End call button, closing the chat): the client or the frame stops and Dokani is told. */
  async end(options: { keepalive?: boolean } = {}): Promise<void> {
    const call = this.current;
    if (!call || call.ending) return;
    call.ending = true;
    this.reset();
    this.deps.announce(this.deps.t("call_ended"));
    await Promise.all([call.handle?.end().catch(() => undefined), this.tellServer(call, options.keepalive)]);
    const again = call.kind === "video" ? this.videoButton : this.voiceButton;
    if (!again.hidden) again.focus();
  }
}
