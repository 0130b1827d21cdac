import { useEffect, useState } from "react";

/**
 * Loads an admin resource (a photo) with `fetch` and gives back an object URL for it. Inside
 * Shopify admin, App Bridge adds the session token to the app's own fetches but not to an
 * `<img src>`, so images behind the admin's authentication are loaded this way in both the demo
 * and the embedded app. The URL is revoked when the component unmounts or the source changes.
 */
export function useAuthenticatedBlobUrl(src: string | null): { url: string | null; failed: boolean } {
  const [state, setState] = useState<{ src: string | null; url: string | null; failed: boolean }>({ src: null, url: null, failed: false });
  useEffect(() => {
    if (!src) return;
    let objectUrl: string | null = null;
    let cancelled = false;
    fetch(src)
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const blob = await response.blob();
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setState({ src, url: objectUrl, failed: false });
      })
      .catch(() => {
        if (!cancelled) setState({ src, url: null, failed: true });
      });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [src]);
  return state.src === src ? { url: state.url, failed: state.failed } : { url: null, failed: false };
}

/** Downloads an admin resource (the CSV export) through `fetch`, for the same reason, then saves it under `filename`. */
export async function downloadAuthenticated(src: string, filename: string): Promise<void> {
  const response = await fetch(src);
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? "The export could not be made. Please try again.");
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
