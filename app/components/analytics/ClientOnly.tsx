import { startTransition, useEffect, useRef, useState, type ReactNode } from "react";

/**
 * Renders `children` only in the browser (charts need DOM measurements), after hydration, once the
 * page's stylesheets have loaded and its own box has a measured height, and as a transition, so a
 * click or key press while the charts are drawn is handled first. A chart drawn into a box of zero
 * height (before the styles apply, or in a collapsed section) computes negative sizes; waiting for
 * the height avoids that. Until then the fallback holds the same space, so nothing shifts.
 */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let observer: ResizeObserver | undefined;
    const mount = () => startTransition(() => setMounted(true));
    const whenSized = () => {
      const element = box.current;
      if (!element || element.getBoundingClientRect().height > 0) return mount();
      observer = new ResizeObserver(() => {
        if (element.getBoundingClientRect().height > 0) {
          observer?.disconnect();
          mount();
        }
      });
      observer.observe(element);
    };
    // Charts measure their box: wait for the page's stylesheets (the load event) on a first visit.
    if (document.readyState === "complete") whenSized();
    else window.addEventListener("load", whenSized, { once: true });
    return () => {
      window.removeEventListener("load", whenSized);
      observer?.disconnect();
    };
  }, []);
  return (
    <div ref={box} style={{ height: "100%" }}>
      {mounted ? children() : fallback}
    </div>
  );
}
