import type { CallHandle, VideoModule } from "./types";

/**
 * The chat's video-call bundle, loaded only when a shopper starts a video call: the Tavus room
 * (a Daily WebRTC room) in a frame inside the chat panel, allowed the camera and microphone the
 * shopper already granted to the page. It registers itself; the panel drives it.
 */
const video: VideoModule = {
  start({ roomUrl, container, title, onEnded }): CallHandle {
    const url = new URL(roomUrl);
    if (url.protocol !== "https:" && url.hostname !== "127.0.0.1" && url.hostname !== "localhost") throw new Error("The video room must be served over HTTPS.");
    const frame = document.createElement("iframe");
    frame.src = url.href;
    frame.title = title;
    frame.className = "dk-video-frame";
    frame.allow = "camera; microphone; autoplay; fullscreen; display-capture";
    frame.setAttribute("data-testid", "dokani-video-frame");
    container.replaceChildren(frame);
    let ended = false;
    // Daily posts `left-meeting` when the shopper leaves from inside the room.
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow) return;
      const action = (event.data as { action?: unknown } | null)?.action;
      if (action === "left-meeting" || action === "call-ended") {
        stop();
        onEnded();
      }
    };
    const stop = () => {
      if (ended) return;
      ended = true;
      window.removeEventListener("message", onMessage);
      frame.remove();
    };
    window.addEventListener("message", onMessage);
    return {
      async end() {
        stop();
      },
    };
  },
};

window.__dokaniChatVideo = video;
