/** The on-demand call bundles as the chat panel drives them (each registers itself on `window`). */

/** What the shopper sees of a call in progress. */
export type CallPhase = "connecting" | "listening" | "speaking" | "ended";

/** A call under way, whichever kind; `end` is safe to call more than once. */
export type CallHandle = { end(): Promise<void> };

/** The voice bundle: the ElevenLabs browser client, talking to the shop's agent over its signed URL. */
export type VoiceModule = {
  start(options: { signedUrl: string; onPhase(phase: CallPhase): void; onEnded(reason: "agent" | "user" | "error", message?: string): void }): Promise<CallHandle>;
};

/** The video bundle: the Tavus room, in a frame inside the chat panel. */
export type VideoModule = {
  start(options: { roomUrl: string; container: HTMLElement; title: string; onEnded(): void }): CallHandle;
};

declare global {
  interface Window {
    __dokaniChatVoice?: VoiceModule;
    __dokaniChatVideo?: VideoModule;
  }
}
