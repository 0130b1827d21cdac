import type { ReturnView } from "../api";
import { h } from "../dom";
import type { Portal } from "../portal";

type NextStep = NonNullable<ReturnView["nextStep"]>;

/** Where a return stands, in one sentence of the shopper's language (the lookup's list, a held line). */
export function returnStateText(p: Portal, status: ReturnView["status"], step: ReturnView["nextStep"]): string {
  const { t } = p;
  if (status === "pending_triage" || status === "pending_review") return t("state_review");
  if (status === "approved") {
    if (step?.kind === "send_back" && step.deadline) return t("state_send_by", { date: p.day(step.deadline) });
    return t(step?.kind === "keep_item" ? "state_keep" : "state_wait");
  }
  if (status === "completed") return t("state_completed");
  return t(status === "denied" ? "state_denied" : "status_cancelled");
}

/**
 * What the shopper of an approved return does next and by when: each way back with its steps, the
 * return address or the drop-off locations with the QR code to show there, and the reference.
 */
export function renderNextStep(p: Portal, id: string, token: string, step: NextStep): HTMLElement {
  const { t } = p;
  const reference = h("p", { class: "dk-reference" }, `${t("reference_label")}: `, h("strong", null, step.reference));
  if (step.kind !== "send_back") {
    return h("section", { class: "dk-box dk-next" }, p.heading(t("next_heading"), 1), h("p", null, t(step.kind === "keep_item" ? "next_keep" : "next_wait")), reference);
  }
  const options = step.options.map((option) => {
    if (option.method === "ship") {
      return h(
        "div",
        { class: "dk-next-option" },
        p.heading(t("next_ship_title"), 2),
        h(
          "ol",
          { class: "dk-next-steps" },
          h("li", null, t("next_ship_pack")),
          option.note ? h("li", null, option.note) : null,
          h("li", null, t("next_ship_reference", { reference: step.reference })),
          h("li", null, t("next_ship_send")),
        ),
        option.address ? [h("p", { class: "dk-label" }, t("next_address_label")), h("address", { class: "dk-address" }, option.address)] : null,
        option.labelUrl ? h("a", { class: "dk-button", href: option.labelUrl, target: "_blank", rel: "noopener" }, t("next_label")) : null,
      );
    }
    return h(
      "div",
      { class: "dk-next-option" },
      p.heading(t("next_drop_title"), 2),
      h("p", null, t("next_drop_bring")),
      option.note ? h("p", null, option.note) : null,
      h("ul", { class: "dk-locations" }, option.locations.map((l) => h("li", null, h("strong", null, l.name), h("br"), l.address, l.hours ? [h("br"), h("span", { class: "dk-muted" }, l.hours)] : null))),
      option.showCode ? h("img", { class: "dk-qr", src: p.api.codeUrl(id, token), alt: t("qr_alt", { reference: step.reference }), width: 176, height: 176 }) : null,
    );
  });
  return h(
    "section",
    { class: "dk-box dk-next" },
    p.heading(t("next_heading"), 1),
    h("p", { class: "dk-next-when" }, h("strong", null, t("next_send_by", { date: p.day(step.deadline!) }))),
    reference,
    options,
  );
}
