import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/** How the page learns of changes: a server-sent event stream, or polling where the stream cannot authenticate. */
export type LiveMode = "stream" | "poll";

export const POLL_INTERVAL_MS = 5_000;

/**
 * Reloads the page's data when something changes on the server. With `stream`, an EventSource on
 * `url` triggers a reload per burst of events (a quarter-second apart at most); with `poll`, the data
 * is reloaded every five seconds while the tab is visible. Inside Shopify admin the page
 * authenticates with a session token in a header, which EventSource cannot send, hence `poll`.
 */
export function useLiveRevalidation(url: string, mode: LiveMode) {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  const state = useRef(revalidator.state);
  useEffect(() => {
    revalidate.current = revalidator.revalidate;
    state.current = revalidator.state;
  });

  useEffect(() => {
    if (typeof window === "undefined") return;
    if (mode === "poll" || typeof EventSource === "undefined") {
      const timer = window.setInterval(() => {
        if (document.visibilityState === "visible" && state.current === "idle") revalidate.current();
      }, POLL_INTERVAL_MS);
      return () => window.clearInterval(timer);
    }
    const source = new EventSource(url);
    let pending: number | undefined;
    source.onmessage = () => {
      if (pending !== undefined) return;
      pending = window.setTimeout(() => {
        pending = undefined;
        revalidate.current();
      }, 250);
    };
    return () => {
      window.clearTimeout(pending);
      source.close();
    };
  }, [url, mode]);
}
