import type { ExchangeOptionsView, ExchangeVariantView } from "../../../../app/.server/returns/list-exchange-options.server";
import type { OrderLineView } from "../api";
import { h, replace, uid } from "../dom";
import { toCents } from "../money";
import type { Portal } from "../portal";

/** The replacement a shopper picked for one line: sent as `exchangeFor`, and shown on the review. */
export type Choice = { variantId: string; productId: string; sameProduct: boolean; name: string; price: string };

/** One line's picker: its fieldset, and a check that a replacement was chosen (focusing the picker when not). */
export type Picker = { element: HTMLElement; check: () => boolean };

/**
 * The replacement picker of one line of an exchange: every variant of the same product with what
 * the store can ship now (out of stock ones shown, disabled and said so), other products up to the
 * item's price when the policy allows them, and store credit with its bonus when nothing fits.
 * Availability is read live from the exchange options each time the review step draws it.
 */
export function exchangePicker(p: Portal, line: OrderLineView, quantity: number, onCredit: (() => void) | null, onChange: () => void): Picker {
  const { t, state } = p;
  const body = h("div", { class: "dk-exchange", "aria-busy": "true" }, h("p", { class: "dk-hint" }, t("exchange_loading")));
  const error = h("p", { id: uid("error"), class: "dk-error", hidden: true });
  // Focusable so that a missing choice can take the shopper here while the sizes are still loading.
  const legend = h("legend", { class: "dk-legend", tabindex: "-1" }, t("exchange_legend", { title: line.title }));
  const fieldset = h("fieldset", { class: "dk-fieldset" }, legend, body, error);
  const name = uid("exchange");
  const lineCents = toCents(line.unitPrice);

  const option = (variant: ExchangeVariantView, product: { id: string; title: string }, same: boolean) => {
    const label = same ? (variant.title ?? product.title) : variant.title ? `${product.title} (${variant.title})` : product.title;
    const enough = variant.available >= quantity;
    const diff = toCents(variant.price) - lineCents;
    const input = h("input", {
      type: "radio",
      name,
      value: variant.id,
      id: uid("variant"),
      disabled: !enough,
      checked: state.exchange.get(line.id)?.variantId === variant.id && enough,
    });
    input.addEventListener("change", () => {
      state.exchange.set(line.id, { variantId: variant.id, productId: product.id, sameProduct: same, name: same ? `${product.title} (${label})` : label, price: variant.price });
      error.hidden = true;
      fieldset.removeAttribute("aria-describedby");
      onChange();
    });
    const stock = enough ? t("exchange_in_stock", { count: variant.available }) : t("exchange_out_of_stock");
    return h(
      "div",
      { class: enough ? "dk-choice" : "dk-choice dk-choice--out" },
      input,
      h(
        "label",
        // A disabled choice is still read out, with why it cannot be chosen.
        { for: input.id, ...(enough ? {} : { "aria-label": t("exchange_option_out", { name: label }) }) },
        h("span", { class: "dk-choice-title" }, label, variant.current ? h("span", { class: "dk-muted" }, ` · ${t("exchange_same")}`) : null),
        h("span", { class: "dk-choice-note" }, stock),
        diff ? h("span", { class: "dk-muted dk-choice-note" }, t(diff > 0 ? "exchange_difference_more" : "exchange_difference_less", { amount: p.money(Math.abs(diff)) })) : null,
      ),
    );
  };

  const draw = (options: ExchangeOptionsView) => {
    body.removeAttribute("aria-busy");
    const same = options.sameProduct;
    const inStock = [...(same?.variants ?? []), ...options.otherProducts.flatMap((o) => o.variants)].filter((v) => v.available >= quantity && !v.current).length;
    replace(
      body,
      same ? h("div", { class: "dk-choices" }, same.variants.map((v) => option(v, same, true))) : null,
      options.otherProducts.length
        ? [
            h("p", { class: "dk-label" }, t("exchange_other_products")),
            h("div", { class: "dk-choices" }, options.otherProducts.map((o) => o.variants.map((v) => option(v, o, false)))),
          ]
        : null,
      !options.anyAvailable
        ? h(
            "div",
            { class: "dk-notice" },
            h("p", null, t("exchange_none")),
            onCredit
              ? h(
                  "button",
                  { type: "button", class: "dk-button", onclick: onCredit },
                  options.storeCreditBonusPercent > 0 ? t("exchange_credit_bonus", { percent: options.storeCreditBonusPercent }) : t("exchange_credit_instead"),
                )
              : null,
          )
        : null,
    );
    p.announce(options.anyAvailable ? t("exchange_loaded", { title: line.title, count: inStock }) : t("exchange_none"));
  };

  const load = async () => {
    body.setAttribute("aria-busy", "true");
    replace(body, h("p", { class: "dk-hint" }, t("exchange_loading")));
    try {
      const { options } = await p.api.exchangeOptions(state.lookup!.lookupToken, line.id);
      // A choice the store no longer has in stock is forgotten, so it is never sent.
      const chosen = state.exchange.get(line.id);
      const all = [...(options.sameProduct?.variants ?? []), ...options.otherProducts.flatMap((o) => o.variants)];
      if (chosen && !all.some((v) => v.id === chosen.variantId && v.available >= quantity)) state.exchange.delete(line.id);
      draw(options);
    } catch (failure) {
      body.removeAttribute("aria-busy");
      replace(body, h("p", { class: "dk-error", role: "alert" }, p.errorText(failure)), h("button", { type: "button", class: "dk-link", onclick: () => void load() }, t("retry")));
    }
  };
  void load();

  return {
    element: fieldset,
    check: () => {
      if (state.exchange.has(line.id)) return true;
      error.textContent = t("exchange_required", { title: line.title });
      error.hidden = false;
      fieldset.setAttribute("aria-describedby", error.id);
      (fieldset.querySelector<HTMLElement>("input:not([disabled])") ?? fieldset.querySelector<HTMLElement>("button") ?? legend).focus();
      return false;
    },
  };
}
