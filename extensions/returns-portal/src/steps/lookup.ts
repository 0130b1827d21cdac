import { ApiError } from "../api";
import { h } from "../dom";
import { field } from "../fields";
import type { Portal } from "../portal";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Step 1: find the order by its number and the email it was placed with. */
export function renderLookup(p: Portal, alertText?: string): void {
  const { t, state } = p;
  const orderNumber = field(
    t("order_number_label"),
    h("input", { type: "text", name: "orderNumber", class: "dk-input", autocomplete: "off", spellcheck: "false", value: state.orderNumber }),
    t("order_number_hint"),
  );
  const email = field(
    t("email_label"),
    h("input", { type: "email", name: "email", class: "dk-input", autocomplete: "email", inputmode: "email", spellcheck: "false", value: state.email }),
  );
  const alert = h("div", { class: "dk-alert", role: "alert" }, alertText ?? "");
  const button = h("button", { type: "submit", class: "dk-button" }, t("find_order"));
  let busy = false;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    state.orderNumber = orderNumber.control.value.trim();
    state.email = email.control.value.trim();
    alert.textContent = "";
    orderNumber.setError(state.orderNumber ? null : t("order_number_required"));
    email.setError(!state.email ? t("email_required") : EMAIL.test(state.email) ? null : t("email_invalid"));
    const invalid = [orderNumber, email].find((f) => f.control.getAttribute("aria-invalid"));
    if (invalid) return invalid.control.focus();

    busy = true;
    button.setAttribute("aria-disabled", "true");
    button.textContent = t("finding_order");
    try {
      const answer = await p.api.lookup(state.orderNumber, state.email);
      if (state.lookup?.order.id !== answer.order.id) {
        state.selections = new Map();
        state.resolution = "";
      }
      state.lookup = answer;
      p.show("items");
      p.announce(t("order_found", { order: answer.order.name }));
    } catch (error) {
      busy = false;
      button.removeAttribute("aria-disabled");
      button.textContent = t("find_order");
      if (error instanceof ApiError && error.fields && (error.fields.orderNumber || error.fields.email)) {
        if (error.fields.orderNumber) orderNumber.setError(t("order_number_required"));
        if (error.fields.email) email.setError(t("email_invalid"));
        (error.fields.orderNumber ? orderNumber : email).control.focus();
      } else {
        alert.textContent = p.errorText(error);
      }
    }
  };

  p.render(
    h(
      "section",
      { class: "dk-step" },
      p.heading(t("lookup_heading"), 0, true),
      h("p", { class: "dk-muted" }, t("step", { current: 1, total: 3 })),
      h("p", null, t("lookup_intro")),
      h("form", { novalidate: true, onsubmit: submit as EventListener }, orderNumber.wrap, email.wrap, alert, h("div", { class: "dk-actions" }, button)),
    ),
  );
}
