import { ITEM_CONDITIONS, RETURN_REASONS, type ItemCondition, type ReturnReason } from "../../../../app/.server/returns/types";
import type { OrderLineView } from "../api";
import { h, uid } from "../dom";
import { type Field, field, select } from "../fields";
import type { StringKey } from "../i18n";
import { toCents } from "../money";
import type { Portal, Selection } from "../portal";
import { loadStatus } from "./status";
import { returnStateText } from "./next-step";

/** The lines the shopper can return at all. */
export function isReturnable(line: OrderLineView): boolean {
  return line.returnable && line.returnableQuantity > 0;
}

/** Step 2: pick lines and quantities, and say why and in what condition each goes back. */
export function renderItems(p: Portal): void {
  const { t, state } = p;
  const { order, policy } = state.lookup!;
  const returns = state.lookup!.returns ?? [];
  const reasonFields = new Map<string, Field<HTMLSelectElement>>();
  const quantityInputs: HTMLInputElement[] = [];
  const alert = h("div", { class: "dk-alert", role: "alert" });
  const returnable = order.lineItems.filter(isReturnable);
  // The order's one returnable line, when it is a single unit, is what the shopper came to return: it starts chosen.
  const chosenAtStart = returnable.length === 1 && returnable[0]!.returnableQuantity === 1 ? returnable[0]!.id : null;

  const selection = (line: OrderLineView): Selection => {
    let s = state.selections.get(line.id);
    if (!s) state.selections.set(line.id, (s = { quantity: line.id === chosenAtStart ? 1 : 0, reason: "", condition: "", note: "" }));
    return s;
  };

  const details = (line: OrderLineView, s: Selection) => {
    const reason = field(
      t("reason_label"),
      select("reason", t("reason_placeholder"), RETURN_REASONS.map((r) => [r, t(`reason_${r}` as StringKey)]), s.reason, true),
    );
    const evidenceHint = () => reason.setHint(s.reason && policy.evidenceRequiredReasons.includes(s.reason) ? t("evidence_hint") : "");
    evidenceHint();
    reason.control.addEventListener("change", () => {
      s.reason = reason.control.value as ReturnReason | "";
      if (s.reason) reason.setError(null);
      evidenceHint();
    });
    reasonFields.set(line.id, reason);
    const condition = field(
      t("condition_label"),
      select("condition", t("condition_placeholder"), ITEM_CONDITIONS.map((c) => [c, t(`condition_${c}` as StringKey)]), s.condition),
    );
    condition.control.addEventListener("change", () => (s.condition = condition.control.value as ItemCondition | ""));
    const note = field(t("item_note_label"), h("textarea", { name: "note", class: "dk-input", rows: 2, maxlength: 500, value: s.note }));
    note.control.addEventListener("input", () => (s.note = note.control.value));
    return h("div", { class: "dk-details" }, reason.wrap, condition.wrap, note.wrap);
  };

  const item = (line: OrderLineView) => {
    const enabled = isReturnable(line);
    const max = enabled ? line.returnableQuantity : 0;
    const s = selection(line);
    s.quantity = Math.min(s.quantity, max);
    const title = [line.title, line.variantTitle].filter(Boolean).join(" — ");
    const reasonId = uid("not-returnable");
    const qtyId = uid("qty");
    const slot = h("div");
    const input = h("input", {
      type: "number",
      id: qtyId,
      class: "dk-input dk-qty",
      inputmode: "numeric",
      min: 0,
      max,
      step: 1,
      value: String(s.quantity),
      disabled: !enabled,
      "aria-describedby": enabled ? null : reasonId,
    });
    quantityInputs.push(input);
    // aria-disabled rather than disabled: a button disabled under the keyboard's focus drops the focus.
    const minus = h("button", { type: "button", class: "dk-step-btn", "aria-controls": qtyId, "aria-label": t("decrease_quantity", { title }), disabled: !enabled }, "−");
    const plus = h("button", { type: "button", class: "dk-step-btn", "aria-controls": qtyId, "aria-label": t("increase_quantity", { title }), disabled: !enabled }, "+");
    const set = (quantity: number) => {
      const next = Math.max(0, Math.min(max, Number.isFinite(quantity) ? Math.trunc(quantity) : 0));
      const opened = s.quantity === 0 && next > 0;
      s.quantity = next;
      input.value = String(next);
      minus.setAttribute("aria-disabled", String(next <= 0));
      plus.setAttribute("aria-disabled", String(next >= max));
      if (next === 0) {
        slot.replaceChildren();
        reasonFields.delete(line.id);
      } else if (opened || !slot.firstChild) {
        slot.replaceChildren(details(line, s));
      }
      if (next > 0) alert.textContent = "";
    };
    minus.addEventListener("click", () => set(s.quantity - 1));
    plus.addEventListener("click", () => set(s.quantity + 1));
    input.addEventListener("change", () => set(input.valueAsNumber));
    if (enabled) set(s.quantity);

    return h(
      "li",
      null,
      h(
        "fieldset",
        { class: enabled ? "dk-item" : "dk-item dk-item--off", disabled: !enabled },
        h("legend", { class: "dk-item-title" }, title),
        h("p", { class: "dk-muted" }, t("unit_price", { price: p.money(toCents(line.unitPrice)) })),
        enabled ? null : h("p", { id: reasonId, class: "dk-off-reason" }, ...offReason(line)),
        h(
          "div",
          { class: "dk-qty-row" },
          h("label", { for: qtyId, class: "dk-label" }, t("quantity_label")),
          h("div", { class: "dk-stepper" }, minus, input, plus, enabled ? h("span", { class: "dk-muted" }, t("quantity_of", { max })) : null),
        ),
        slot,
      ),
    );
  };

  /** Why a line is off: the return that holds it, in the shopper's language and with its link, else the server's reason. */
  function offReason(line: OrderLineView) {
    const holder = line.returnId ? returns.find((r) => r.id === line.returnId) : undefined;
    if (holder) return [h("strong", null, returnStateText(p, holder.status, holder.nextStep)), " ", openLink(holder)];
    return [h("strong", null, t("not_returnable")), line.notReturnableReason ? ` — ${line.notReturnableReason}` : ""];
  }

  /** A link to a return's status page: a real address (new tab, bookmark), opened in place on a plain click. */
  function openLink(r: (typeof returns)[number]) {
    const open = (event: Event) => {
      const mouse = event as MouseEvent;
      if (mouse.ctrlKey || mouse.metaKey || mouse.shiftKey || mouse.button > 0) return;
      event.preventDefault();
      p.rememberReturn(r.id, r.accessToken);
      void loadStatus(p, r.id, r.accessToken, { focus: true, uploads: [] });
    };
    return h("a", { href: p.returnUrl(r.id, r.accessToken), class: "dk-link", onclick: open as EventListener }, t("view_return", { reference: r.reference }));
  }

  const earlier = returns.length
    ? h(
        "section",
        { class: "dk-box dk-returns" },
        p.heading(t("your_returns_heading"), 1),
        h(
          "ul",
          { class: "dk-summary" },
          returns.map((r) =>
            h(
              "li",
              null,
              h("span", { class: "dk-badge" }, t(`status_${r.status}` as StringKey)),
              " ",
              r.items.map((i) => `${i.title} × ${i.quantity}`).join(", "),
              h("br"),
              returnStateText(p, r.status, r.nextStep),
              " ",
              openLink(r),
            ),
          ),
        ),
      )
    : null;

  const next = (event: Event) => {
    event.preventDefault();
    alert.textContent = "";
    const chosen = order.lineItems.filter((line) => (state.selections.get(line.id)?.quantity ?? 0) > 0);
    if (!chosen.length) {
      alert.textContent = t("select_items_required");
      return quantityInputs.find((i) => !i.disabled)?.focus();
    }
    let first: HTMLSelectElement | null = null;
    for (const line of chosen) {
      const reason = reasonFields.get(line.id);
      const missing = !state.selections.get(line.id)?.reason;
      reason?.setError(missing ? t("reason_required") : null);
      if (missing && reason) first ??= reason.control;
    }
    if (first) return first.focus();
    p.show("review");
  };

  const windowText = t(policy.windowStartsFrom === "order" ? "policy_window_order" : "policy_window_delivery", { days: policy.returnWindowDays });
  p.render(
    h(
      "section",
      { class: "dk-step" },
      p.heading(t("items_heading"), 0, true),
      h("p", { class: "dk-muted" }, t("step", { current: 2, total: 3 })),
      h("p", null, t("order_placed", { order: order.name, date: p.date(order.processedAt) })),
      h("ul", { class: "dk-policy" }, h("li", null, windowText), policy.overrides.map((o) => h("li", null, t("policy_override", { name: o.appliesTo, days: o.returnWindowDays })))),
      earlier,
      h(
        "form",
        { novalidate: true, onsubmit: next as EventListener, "aria-label": t("items_legend") },
        h("ul", { class: "dk-items" }, order.lineItems.map(item)),
        alert,
        // With nothing returnable there is nothing to continue to: say so, and offer only the way back.
        returnable.length ? null : h("p", { class: "dk-notice", role: "status" }, t("nothing_returnable")),
        h(
          "div",
          { class: "dk-actions" },
          returnable.length ? h("button", { type: "submit", class: "dk-button" }, t("continue")) : null,
          h("button", { type: "button", class: returnable.length ? "dk-button dk-button--quiet" : "dk-button", onclick: () => p.show("lookup") }, t("back")),
        ),
      ),
    ),
  );
}
