import { ApiError, type ShopperReturnView as ReturnView } from "../api";
import { h, replace, uid } from "../dom";
import type { StringKey } from "../i18n";
import { toCents } from "../money";
import { type Photo, acceptPhotos, photoPicker, photoTile } from "../photos";
import type { Portal } from "../portal";
import { renderNextStep } from "./next-step";

/** How often, and after how long, a return whose decision is still `pending` is asked again. */
const PENDING_RECHECKS_MS = [1500, 3000, 6000];

type Options = { focus: boolean; uploads: Photo[]; view?: ReturnView };

/** The status page: fetches the return unless its view is at hand, then shows it and uploads `uploads` to it. */
export async function loadStatus(p: Portal, id: string, token: string, options: Options): Promise<void> {
  if (options.view) return renderStatus(p, id, token, options.view, options);
  p.render(h("p", { class: "dk-loading" }, p.t("loading")));
  try {
    const { return: view } = await p.api.getReturn(id, token);
    renderStatus(p, id, token, view, options);
  } catch (error) {
    const missing = error instanceof ApiError && error.status === 404;
    p.render(
      h(
        "section",
        { class: "dk-step" },
        p.heading(p.t("status_label"), 0, true),
        h("div", { class: "dk-alert", role: "alert" }, missing ? p.t("return_not_found") : p.errorText(error)),
        h(
          "div",
          { class: "dk-actions" },
          missing ? null : h("button", { type: "button", class: "dk-button", onclick: () => void loadStatus(p, id, token, { ...options, focus: true }) }, p.t("retry")),
          h("button", { type: "button", class: missing ? "dk-button" : "dk-button dk-button--quiet", onclick: () => p.restart() }, p.t("start_over")),
        ),
      ),
    );
    if (options.focus) p.focusHeading();
  }
}

function outcomeText(p: Portal, view: ReturnView): string {
  return p.t(`outcome_${view.decision.outcome}` as StringKey);
}

/** The decision as one sentence or two for the live region, without saying the outcome twice. */
function decisionSentence(p: Portal, view: ReturnView): string {
  const outcome = outcomeText(p, view);
  const { explanation } = view.decision;
  if (!explanation) return `${outcome}.`;
  return explanation.toLowerCase().startsWith(outcome.toLowerCase()) ? explanation : `${outcome}. ${explanation}`;
}

function renderStatus(p: Portal, id: string, token: string, first: ReturnView, options: Options): void {
  const { t } = p;
  let view = first;
  const decision = h("div", { class: "dk-decision" });
  const facts = h("dl", { class: "dk-facts" });
  const items = h("ul", { class: "dk-summary" });
  const nextStep = h("div");
  const sent = h("div");
  const fact = (label: string, value: string) => h("div", { class: "dk-row" }, h("dt", null, label), h("dd", null, value));

  const draw = () => {
    decision.className = `dk-decision dk-decision--${view.decision.outcome}`;
    replace(
      decision,
      h("p", { class: "dk-badge" }, t(`status_${view.status}` as StringKey)),
      p.heading(outcomeText(p, view), 1),
      view.decision.explanation ? h("p", null, view.decision.explanation) : null,
      view.decision.reasons.length
        ? [h("p", { class: "dk-label" }, t("decision_reasons")), h("ul", { class: "dk-reasons" }, view.decision.reasons.map((r) => h("li", null, r.message)))]
        : null,
    );
    replace(
      facts,
      fact(t("status_label"), t(`status_${view.status}` as StringKey)),
      fact(t("resolution_label"), t(`resolution_${view.resolution}` as StringKey)),
      fact(t("estimate_label"), p.money(toCents(view.refundEstimate.amount), view.refundEstimate.currency)),
      fact(t("submitted_label"), p.date(view.createdAt)),
    );
    replace(nextStep, view.nextStep ? renderNextStep(p, id, token, view.nextStep) : null);
    const photos = view.photos ?? [];
    replace(
      sent,
      photos.length
        ? [
            h("p", { class: "dk-label" }, t("photos_sent_heading")),
            h("ul", { class: "dk-sent" }, photos.map((photo, i) => h("li", null, h("img", { src: photo.url, alt: t("photo_sent_alt", { number: i + 1 }), width: 96, height: 96, loading: "lazy", class: "dk-thumb" })))),
          ]
        : null,
    );
    replace(
      items,
      view.items.map((item) =>
        h(
          "li",
          null,
          `${item.title} × ${item.quantity}`,
          h("span", { class: "dk-muted" }, ` — ${t(`reason_${item.reason}` as StringKey)}`),
          item.exchangeFor
            ? h("span", { class: "dk-replacement" }, t("replacement_label", { name: item.exchangeFor.variantTitle ? `${item.exchangeFor.title} (${item.exchangeFor.variantTitle})` : item.exchangeFor.title }))
            : null,
        ),
      ),
      view.exchange?.reasons[0] ? h("li", { class: "dk-hint" }, view.exchange.reasons[0].message) : null,
    );
    photoSection.hidden = !uploads.length && !acceptsPhotos() && !photos.length;
    picker.wrap.hidden = !acceptsPhotos();
  };

  /** Reads the return again; says `say` and the decision, or the decision alone when it changed. */
  const refresh = async (say: string): Promise<void> => {
    const before = view.decision.outcome;
    try {
      view = (await p.api.getReturn(id, token)).return;
    } catch (error) {
      p.announce(p.errorText(error));
      return;
    }
    draw();
    if (say || view.decision.outcome !== before) p.announce(`${say} ${decisionSentence(p, view)}`.trim());
  };
  /** While nothing is decided yet (triage still running), asks again a few times, further apart each time. */
  const settle = async () => {
    for (const wait of PENDING_RECHECKS_MS) {
      if (view.decision.outcome !== "pending") return;
      await new Promise((resume) => setTimeout(resume, wait));
      if (!decision.isConnected) return;
      await refresh("");
    }
  };

  // Photos: uploaded one after another, each with its own progress and error, then the return is read again.
  const uploads: Photo[] = [];
  const queue: Photo[] = [];
  let running = false;
  const tiles = new Map<Photo, HTMLLIElement>();
  const acceptsPhotos = () => view.status === "pending_triage" || view.status === "pending_review";
  const list = h("ul", { class: "dk-photos" });
  const photoErrors = h("p", { id: uid("error"), class: "dk-error", hidden: true });
  const drawTile = (photo: Photo) => {
    const progress = photo.state === "uploading" ? h("progress", { max: 100, value: Math.round(photo.progress * 100), "aria-label": photo.file.name }) : null;
    const statusText =
      photo.state === "uploading"
        ? t("uploading", { percent: Math.round(photo.progress * 100) })
        : photo.state === "uploaded"
          ? t("uploaded")
          : photo.state === "failed"
            ? t("upload_failed", { message: photo.error })
            : "";
    const tile = photoTile(
      photo,
      p.locale,
      progress,
      h("p", { class: photo.state === "failed" ? "dk-error" : "dk-hint", tabindex: "-1" }, statusText),
      photo.state === "failed" && photo.retriable ? h("button", { type: "button", class: "dk-link", onclick: () => enqueue([photo]) }, t("retry")) : null,
    );
    const old = tiles.get(photo);
    const hadFocus = old?.contains(document.activeElement);
    if (old) old.replaceWith(tile);
    else list.append(tile);
    tiles.set(photo, tile);
    // The retry button is gone once the upload restarts: focus stays on this photo, on its status.
    if (hadFocus) tile.querySelector<HTMLElement>("[tabindex]")?.focus();
  };
  const setProgress = (photo: Photo, fraction: number) => {
    photo.progress = fraction;
    const tile = tiles.get(photo);
    const bar = tile?.querySelector("progress");
    const text = tile?.querySelector(".dk-hint");
    if (bar) bar.value = Math.round(fraction * 100);
    if (text) text.textContent = t("uploading", { percent: Math.round(fraction * 100) });
  };
  const run = async () => {
    if (running) return;
    running = true;
    let uploaded = 0;
    for (let photo = queue.shift(); photo; photo = queue.shift()) {
      photo.state = "uploading";
      photo.progress = 0;
      drawTile(photo);
      try {
        await p.api.uploadEvidence(id, token, photo.file, (fraction) => setProgress(photo!, fraction));
        photo.state = "uploaded";
        uploaded += 1;
      } catch (error) {
        photo.state = "failed";
        photo.error = p.errorText(error);
        photo.retriable = error instanceof ApiError && (error.status === 0 || error.status >= 500);
      }
      drawTile(photo);
    }
    running = false;
    // The return is triaged again once its photos arrive, so its decision may have changed.
    if (uploaded) {
      await refresh(t("photos_uploaded"));
      void settle();
    }
    else if (uploads.some((x) => x.state === "failed")) p.announce(uploads.filter((x) => x.state === "failed").map((x) => `${x.file.name}: ${x.error}`).join(" "));
  };
  const enqueue = (photos: Photo[]) => {
    for (const photo of photos) {
      if (!uploads.includes(photo)) uploads.push(photo);
      photo.state = "ready";
      queue.push(photo);
      drawTile(photo);
    }
    photoSection.hidden = false;
    void run();
  };
  const picker = photoPicker(t, photoErrors.id, (files) => {
    const { photos, errors } = acceptPhotos(files, t);
    photoErrors.textContent = errors.join(" ");
    photoErrors.hidden = !errors.length;
    enqueue(photos);
  });
  const photoSection = h("section", { class: "dk-box" }, p.heading(t("photos_heading"), 1), sent, list, photoErrors, picker.wrap);

  draw();
  p.render(
    h(
      "section",
      { class: "dk-step" },
      p.heading(t("status_heading", { order: view.orderName }), 0, true),
      decision,
      nextStep,
      facts,
      h("p", { class: "dk-label" }, t("items_label")),
      items,
      photoSection,
      h("p", { class: "dk-hint" }, t("bookmark_hint")),
      h(
        "div",
        { class: "dk-actions" },
        h("button", { type: "button", class: "dk-button", onclick: () => void refresh(t("status_updated")) }, t("refresh_status")),
        h("button", { type: "button", class: "dk-button dk-button--quiet", onclick: () => p.restart() }, t("start_over")),
      ),
    ),
  );
  if (options.focus) {
    p.focusHeading();
    p.announce(decisionSentence(p, view));
  }
  if (options.uploads.length) enqueue(options.uploads);
  else void settle();
}
