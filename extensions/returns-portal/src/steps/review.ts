import type { Resolution, ReturnReason } from "../../../../app/.server/returns/types";
import { ApiError, type CreateReturnBody, randomId } from "../api";
import { h, replace, uid } from "../dom";
import { field } from "../fields";
import type { StringKey } from "../i18n";
import { type Estimate, estimateRefund, toCents } from "../money";
import { acceptPhotos, photoPicker, photoTile } from "../photos";
import type { Portal } from "../portal";
import { exchangePicker, type Picker } from "./exchange";
import { loadStatus } from "./status";

/** Step 3: photos, what the shopper wants back with its estimate, a note, and the request itself. */
export function renderReview(p: Portal): void {
  const { t, state } = p;
  const { order, policy, lookupToken } = state.lookup!;
  const chosen = order.lineItems.flatMap((line) => {
    const s = state.selections.get(line.id);
    return s && s.quantity > 0 ? [{ line, s }] : [];
  });
  const estimate = (resolution: Resolution): Estimate =>
    estimateRefund(
      chosen.map(({ line, s }) => ({ unitPrice: line.unitPrice, quantity: s.quantity })),
      resolution,
      policy,
    );
  const alert = h("div", { class: "dk-alert", role: "alert" });

  // Photos: kept here until the return exists, then uploaded to it.
  const photosHint = h("p", { id: uid("hint"), class: "dk-hint" }, t("photos_hint"));
  const photoErrors = h("p", { id: uid("error"), class: "dk-error", hidden: true });
  const photoList = h("ul", { class: "dk-photos" });
  const picker = photoPicker(t, `${photosHint.id} ${photoErrors.id}`, (files) => {
    const { photos, errors } = acceptPhotos(files, t);
    state.photos.push(...photos);
    photoErrors.textContent = errors.join(" ");
    photoErrors.hidden = !errors.length;
    drawPhotos();
  });
  const drawPhotos = () =>
    replace(
      photoList,
      state.photos.map((photo) =>
        photoTile(
          photo,
          p.locale,
          h(
            "button",
            {
              type: "button",
              class: "dk-link",
              onclick: () => {
                URL.revokeObjectURL(photo.preview);
                state.photos = state.photos.filter((x) => x !== photo);
                drawPhotos();
                picker.input.focus();
              },
            },
            t("remove_photo", { name: photo.file.name }),
          ),
        ),
      ),
    );
  drawPhotos();
  const needsPhotos = chosen.some(({ s }) => s.reason && policy.evidenceRequiredReasons.includes(s.reason));

  // Resolution: only what the policy allows, each with what the shopper would receive.
  const resolutionError = h("p", { id: uid("error"), class: "dk-error", hidden: true });
  const radios = policy.allowedResolutions.map((resolution) => {
    const e = estimate(resolution);
    const note =
      resolution === "store_credit" && policy.storeCreditBonusPercent > 0
        ? t("bonus_note", { percent: policy.storeCreditBonusPercent })
        : resolution === "refund" && policy.restockingFeePercent > 0
          ? t("fee_note", { percent: policy.restockingFeePercent })
          : "";
    const input = h("input", { type: "radio", name: "resolution", value: resolution, id: uid("res"), checked: state.resolution === resolution });
    input.addEventListener("change", () => {
      state.resolution = resolution;
      resolutionError.hidden = true;
      fieldset.removeAttribute("aria-describedby");
      drawExchange();
      drawEstimate();
    });
    return h(
      "div",
      { class: "dk-choice" },
      input,
      h(
        "label",
        { for: input.id },
        h("span", { class: "dk-choice-title" }, t(`resolution_${resolution}` as StringKey)),
        h("span", { class: "dk-choice-amount" }, p.money(e.total)),
        note ? h("span", { class: "dk-muted dk-choice-note" }, note) : null,
      ),
    );
  });
  if (!state.resolution && policy.allowedResolutions.length === 1) state.resolution = policy.allowedResolutions[0]!;
  const fieldset = h("fieldset", { class: "dk-fieldset" }, h("legend", { class: "dk-legend" }, t("resolution_legend")), radios, resolutionError);
  if (state.resolution) fieldset.querySelector<HTMLInputElement>(`input[value="${state.resolution}"]`)!.checked = true;

  // Exchange: a replacement picker per line, with live stock; store credit when nothing fits.
  const exchangeBox = h("div", { class: "dk-exchanges" });
  let pickers: Picker[] = [];
  const creditInstead = policy.allowedResolutions.includes("store_credit")
    ? () => {
        state.resolution = "store_credit";
        p.show("review", false);
        p.view.querySelector<HTMLInputElement>('input[name="resolution"][value="store_credit"]')?.focus();
        p.announce(t("exchange_switched"));
      }
    : null;
  const drawExchange = () => {
    pickers = state.resolution === "exchange" ? chosen.map(({ line, s }) => exchangePicker(p, line, s.quantity, creditInstead, drawEstimate)) : [];
    replace(exchangeBox, pickers.map((picker) => picker.element));
  };

  const estimateList = h("dl", { class: "dk-estimate" });
  const drawEstimate = () => {
    const e = estimate(state.resolution || "refund");
    const row = (label: string, cents: number, total = false) => h("div", { class: total ? "dk-row dk-row--total" : "dk-row" }, h("dt", null, label), h("dd", null, p.money(cents)));
    const picked = chosen.map(({ line, s }) => ({ choice: state.exchange.get(line.id), quantity: s.quantity }));
    if (state.resolution === "exchange" && picked.every((x) => x.choice)) {
      // What the replacements cost against the items sent back: the shopper pays, or gets back, the difference.
      const replacements = picked.reduce((sum, x) => sum + toCents(x.choice!.price) * x.quantity, 0);
      const difference = replacements - e.itemsValue;
      return replace(
        estimateList,
        row(t("estimate_items"), e.itemsValue),
        row(t("estimate_replacement"), replacements),
        difference > 0 ? row(t("estimate_you_pay"), difference, true) : row(t("estimate_total"), -difference, true),
      );
    }
    replace(
      estimateList,
      row(t("estimate_items"), e.itemsValue),
      e.restockingFee ? row(t("estimate_fee"), -e.restockingFee) : null,
      e.storeCreditBonus ? row(t("estimate_bonus"), e.storeCreditBonus) : null,
      row(t("estimate_total"), e.total, true),
    );
  };
  drawExchange();
  drawEstimate();

  const note = field(t("return_note_label"), h("textarea", { name: "note", class: "dk-input", rows: 3, maxlength: 1000, value: state.note }));
  note.control.addEventListener("input", () => (state.note = note.control.value));

  const button = h("button", { type: "submit", class: "dk-button" }, t("submit"));
  let busy = false;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    alert.replaceChildren();
    if (!state.resolution) {
      resolutionError.textContent = t("resolution_required");
      resolutionError.hidden = false;
      fieldset.setAttribute("aria-describedby", resolutionError.id);
      return fieldset.querySelector("input")?.focus();
    }
    const exchanging = state.resolution === "exchange";
    // Every line of an exchange needs its replacement; the first without one takes focus.
    if (exchanging && !pickers.every((picker) => picker.check())) return;
    const exchangeFor = (lineId: string) => {
      const choice = state.exchange.get(lineId)!;
      return choice.sameProduct ? { variantId: choice.variantId } : { variantId: choice.variantId, productId: choice.productId };
    };
    const body: CreateReturnBody = {
      lookupToken,
      resolution: state.resolution,
      items: chosen.map(({ line, s }) => ({
        lineItemId: line.id,
        quantity: s.quantity,
        // The items step lets nobody past without a reason for each chosen line.
        reason: s.reason as ReturnReason,
        ...(s.condition ? { condition: s.condition } : {}),
        ...(s.note.trim() ? { note: s.note.trim() } : {}),
        ...(exchanging ? { exchangeFor: exchangeFor(line.id) } : {}),
      })),
      ...(state.note.trim() ? { note: state.note.trim() } : {}),
    };
    // One key per attempt; only an attempt whose answer never arrived is repeated under the same key.
    state.attemptKey ??= randomId();
    busy = true;
    button.setAttribute("aria-disabled", "true");
    button.textContent = t("submitting");
    try {
      const created = await p.api.createReturn(body, state.attemptKey);
      state.attemptKey = null;
      const uploads = state.photos;
      state.photos = [];
      p.rememberReturn(created.return.id, created.accessToken);
      await loadStatus(p, created.return.id, created.accessToken, { focus: true, uploads, view: created.return });
    } catch (error) {
      busy = false;
      button.removeAttribute("aria-disabled");
      button.textContent = t("submit");
      const retriable = error instanceof ApiError && (error.status === 0 || error.status >= 500);
      if (!retriable) state.attemptKey = null;
      if (error instanceof ApiError && error.code === "invalid_token") return p.show("lookup", true, t("session_expired"));
      const fields = error instanceof ApiError && error.fields ? Object.entries(error.fields) : [];
      if (fields.length) {
        alert.append(
          h(
            "ul",
            null,
            fields.map(([path, message]) => {
              const index = /^items\[(\d+)\]/.exec(path)?.[1];
              const line = index === undefined ? undefined : chosen[Number(index)]?.line;
              return h("li", null, line ? t("item_error", { title: line.title, message }) : message);
            }),
          ),
        );
      } else {
        alert.textContent = p.errorText(error);
      }
    }
  };

  p.render(
    h(
      "section",
      { class: "dk-step" },
      p.heading(t("review_heading"), 0, true),
      h("p", { class: "dk-muted" }, t("step", { current: 3, total: 3 })),
      h(
        "ul",
        { class: "dk-summary" },
        chosen.map(({ line, s }) => h("li", null, `${line.title} × ${s.quantity}`, s.reason ? h("span", { class: "dk-muted" }, ` — ${t(`reason_${s.reason}` as StringKey)}`) : null)),
      ),
      h("button", { type: "button", class: "dk-link", onclick: () => p.show("items") }, t("change_items")),
      h(
        "form",
        { novalidate: true, onsubmit: submit as EventListener },
        h(
          "fieldset",
          { class: "dk-fieldset" },
          h("legend", { class: "dk-legend" }, t("photos_legend")),
          needsPhotos ? h("p", { class: "dk-notice" }, t("photos_required")) : null,
          photosHint,
          picker.wrap,
          photoErrors,
          photoList,
        ),
        fieldset,
        exchangeBox,
        h("section", { class: "dk-box" }, p.heading(t("estimate_heading"), 1), estimateList, h("p", { class: "dk-hint" }, t("estimate_note"))),
        note.wrap,
        alert,
        h(
          "div",
          { class: "dk-actions" },
          button,
          h("button", { type: "button", class: "dk-button dk-button--quiet", onclick: () => p.show("items") }, t("back")),
        ),
      ),
    ),
  );
}
