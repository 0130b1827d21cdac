import { startTransition, useEffect, useState, type ReactNode } from "react";

/**
 * Renders `children` only in the browser (charts need DOM measurements), after hydration, once the
 * page's stylesheets have loaded, and as a transition, so a click or key press while the charts are drawn is handled first. Until then the
 * fallback holds the same space, so nothing shifts when the chart appears.
 */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => {
    const mount = () => startTransition(() => setMounted(true));
    // Charts measure their box: wait for the page's stylesheets (the load event) on a first visit.
    if (document.readyState === "complete") return mount();
    window.addEventListener("load", mount, { once: true });
    return () => window.removeEventListener("load", mount);
  }, []);
  return mounted ? <>{children()}</> : <>{fallback}</>;
}
