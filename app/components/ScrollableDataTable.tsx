import { DataTable, type DataTableProps } from "@shopify/polaris";
import { useEffect, useRef } from "react";

/**
 * Polaris' DataTable whose scroll area, when the table is wider than its card, can be focused and
 * scrolled with the keyboard (a named region in the tab order), as WCAG 2.1.1 asks. Polaris leaves
 * that area unfocusable, so keyboard users could not reach the columns cut off on the right.
 */
export function ScrollableDataTable({ label, ...props }: DataTableProps & { label: string }) {
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const area = wrapper.current?.querySelector<HTMLElement>(".Polaris-DataTable__ScrollContainer");
    if (!area) return;
    const update = () => {
      if (area.scrollWidth > area.clientWidth) {
        area.tabIndex = 0;
        area.setAttribute("role", "region");
        area.setAttribute("aria-label", label);
      } else {
        area.removeAttribute("tabindex");
        area.removeAttribute("role");
        area.removeAttribute("aria-label");
      }
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(area);
    const table = area.querySelector("table");
    if (table) observer.observe(table);
    return () => observer.disconnect();
  });
  return (
    <div ref={wrapper}>
      <DataTable {...props} />
    </div>
  );
}
