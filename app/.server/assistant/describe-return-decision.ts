import type { Resolution, ReturnReason } from "../returns/types";
import { phrase, type Language } from "./phrases";
import type { PendingReturnView, ReturnDecision } from "./tools/tool";

/** How the guided flow and the decision sentence name reasons, resolutions and statuses to a shopper. */
export const REASON_LABELS: Record<ReturnReason, string> = {
  size_too_small: "Too small",
  size_too_large: "Too large",
  not_as_described: "Not as described",
  damaged: "Arrived damaged",
  defective: "Defective",
  wrong_item: "Wrong item sent",
  changed_mind: "Changed my mind",
  arrived_late: "Arrived late",
  other: "Something else",
};
export const RESOLUTION_LABELS: Record<Resolution, string> = { refund: "a refund", store_credit: "store credit", exchange: "an exchange" };
export const STATUS_WORDS: Record<string, string> = {
  approved: "approved",
  denied: "declined",
  pending_triage: "waiting for a review by the team",
  pending_review: "waiting for a review by the team",
  completed: "complete",
  cancelled: "cancelled",
};

const REASONS_IN: Record<Exclude<Language, "en">, Record<ReturnReason, string>> = {
  fr: { size_too_small: "Trop petit", size_too_large: "Trop grand", not_as_described: "Pas conforme à la description", damaged: "Arrivé abîmé", defective: "Défectueux", wrong_item: "Mauvais article reçu", changed_mind: "J'ai changé d'avis", arrived_late: "Arrivé en retard", other: "Autre chose" },
  es: { size_too_small: "Demasiado pequeño", size_too_large: "Demasiado grande", not_as_described: "No es como se describe", damaged: "Llegó dañado", defective: "Defectuoso", wrong_item: "Artículo equivocado", changed_mind: "Cambié de opinión", arrived_late: "Llegó tarde", other: "Otro motivo" },
  de: { size_too_small: "Zu klein", size_too_large: "Zu groß", not_as_described: "Nicht wie beschrieben", damaged: "Beschädigt angekommen", defective: "Defekt", wrong_item: "Falscher Artikel", changed_mind: "Meinung geändert", arrived_late: "Zu spät angekommen", other: "Etwas anderes" },
};
const RESOLUTIONS_IN: Record<Exclude<Language, "en">, Record<Resolution, string>> = {
  fr: { refund: "un remboursement", store_credit: "un avoir", exchange: "un échange" },
  es: { refund: "un reembolso", store_credit: "crédito en tienda", exchange: "un cambio" },
  de: { refund: "eine Erstattung", store_credit: "Guthaben", exchange: "einen Umtausch" },
};
const STATUS_IN: Record<Exclude<Language, "en">, Record<string, string>> = {
  fr: { approved: "approuvée", denied: "refusée", pending_triage: "en attente d'examen par l'équipe", pending_review: "en attente d'examen par l'équipe", completed: "terminée", cancelled: "annulée" },
  es: { approved: "aprobada", denied: "rechazada", pending_triage: "pendiente de revisión por el equipo", pending_review: "pendiente de revisión por el equipo", completed: "completada", cancelled: "cancelada" },
  de: { approved: "genehmigt", denied: "abgelehnt", pending_triage: "in Prüfung durch das Team", pending_review: "in Prüfung durch das Team", completed: "abgeschlossen", cancelled: "storniert" },
};

/** A return reason as the shopper reads it in `language`. */
export function reasonLabel(reason: ReturnReason, language: Language): string {
  return language === "en" ? REASON_LABELS[reason] : REASONS_IN[language][reason];
}

/** A resolution as the shopper reads it in `language` ("a refund", "un avoir"). */
export function resolutionLabel(resolution: Resolution, language: Language): string {
  return language === "en" ? RESOLUTION_LABELS[resolution] : RESOLUTIONS_IN[language][resolution];
}

/** A return's status as the shopper reads it in `language`. */
export function statusLabel(status: string, language: Language): string {
  return (language === "en" ? STATUS_WORDS[status] : STATUS_IN[language][status]) ?? status;
}

/** A shopper-readable sentence for a return the policy decided. */
export function describeReturnDecision(decision: ReturnDecision, language: Language): string {
  const result = phrase(language, "returnResult", { order: decision.orderName, status: statusLabel(decision.status, language), explanation: decision.explanation });
  const link = decision.statusUrl ? `\n\n${phrase(language, "statusLink", { url: decision.statusUrl })}` : "";
  if (decision.status === "denied") return `${result}${link}`;
  return `${result} ${phrase(language, "returnEstimate", { resolution: resolutionLabel(decision.resolution as Resolution, language), amount: decision.amount, currency: decision.currency })}${link}`;
}

/** The summary a shopper confirms before a return is requested: order, items and reasons, resolution, estimate. */
export function describePendingReturn(pending: PendingReturnView, language: Language): string {
  const items = pending.items
    .map((i) => `- ${i.quantity} × ${i.title}${i.variant ? ` (${i.variant})` : ""}: ${reasonLabel(i.reason as ReturnReason, language)}${i.replacement ? `, ${phrase(language, "replacementArrow", { name: i.replacement })}` : ""}`)
    .join("\n");
  return phrase(language, "confirmReturn", { order: pending.orderName, items, resolution: resolutionLabel(pending.resolution as Resolution, language), amount: pending.estimate.amount, currency: pending.estimate.currency });
}
