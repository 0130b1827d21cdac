import { Toast } from "@shopify/polaris";
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";

type ShowToast = (message: string, options?: { isError?: boolean }) => void;

const ToastContext = createContext<ShowToast | null>(null);

type AppBridgeWindow = Window & { shopify?: { toast?: { show(message: string, options?: { isError?: boolean }): void } } };

/**
 * Shows Polaris toasts inside the demo's Frame. Inside Shopify admin there is no Frame: `useToast`
 * uses App Bridge's toast there instead, so pages call the same hook in both places.
 */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toast, setToast] = useState<{ key: number; message: string; isError: boolean } | null>(null);
  const show = useCallback<ShowToast>((message, options) => setToast({ key: Date.now(), message, isError: Boolean(options?.isError) }), []);
  // Polaris' toast has an icon-only close button with no name, which a screen reader announces as just "button".
  // The Frame renders the toast in its own layer after this render, so the button is named once it appears.
  useEffect(() => {
    if (!toast) return;
    const name = () => {
      for (const button of document.querySelectorAll(".Polaris-Frame-Toast__CloseButton:not([aria-label])")) button.setAttribute("aria-label", "Dismiss notification");
    };
    name();
    const observer = new MutationObserver(name);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [toast]);
  return (
    <ToastContext.Provider value={show}>
      {children}
      {toast ? <Toast key={toast.key} content={toast.message} error={toast.isError} onDismiss={() => setToast(null)} /> : null}
    </ToastContext.Provider>
  );
}

/** A function that shows a short confirmation (or an error) to the merchant. */
export function useToast(): { show: ShowToast } {
  const framed = useContext(ToastContext);
  return useMemo(
    () => ({
      show: (message, options) => {
        if (framed) return framed(message, options);
        const bridge = typeof window === "undefined" ? undefined : (window as AppBridgeWindow).shopify;
        bridge?.toast?.show(message, options);
      },
    }),
    [framed],
  );
}
