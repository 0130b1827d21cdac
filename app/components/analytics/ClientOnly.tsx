import { startTransition, useEffect, useState, type ReactNode } from "react";

/**
 * Renders `children` only in the browser (charts need DOM measurements), after hydration and as a
 * transition, so a click or key press while the charts are drawn is handled first. Until then the
 * fallback holds the same space, so nothing shifts when the chart appears.
 */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => startTransition(() => setMounted(true)), []);
  return mounted ? <>{children()}</> : <>{fallback}</>;
}
