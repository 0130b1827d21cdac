import type { Conversation, Shop } from "../../db.server";
import { pickLanguage, type Language } from "../../assistant/phrases";
import type { ReturnEmailEvent } from "../../notifications/send-return-email.server";
import { readShopSettings } from "../../shops/shop-settings";

/**
 * What Dokani itself writes to a shopper on WhatsApp outside the assistant's answers (which speak
 * through `assistant/phrases`): return updates and the words a template is filled with. Every
 * language the portal and the assistant speak has every text: the type makes a missing one a
 * compile error, so a shopper never gets half a message in English.
 */

type WhatsAppTexts = {
  returnUpdate: Record<ReturnEmailEvent, string>;
  /** After the update when the store asked a question: how to answer it. */
  answerHere: string;
  details: string;
  /** A template's greeting variable (`Hi {{1}}`) when the shopper's name is unknown. */
  nameless: string;
};

const TEXTS: Record<Language, WhatsAppTexts> = {
  en: {
    returnUpdate: {
      approved: "Your return for {order} is approved.",
      denied: "We could not accept your return for {order}.",
      completed: "Your return for {order} is complete.",
      pending_review: "We are reviewing your return for {order}.",
      info_requested: "A question about your return for {order}:",
    },
    answerHere: "Reply here with your answer (photos help too).",
    details: "Details: {url}",
    nameless: "there",
  },
  fr: {
    returnUpdate: {
      approved: "Votre retour pour la commande {order} est accepté.",
      denied: "Nous ne pouvons pas accepter votre retour pour la commande {order}.",
      completed: "Votre retour pour la commande {order} est terminé.",
      pending_review: "Nous examinons votre retour pour la commande {order}.",
      info_requested: "Une question sur votre retour pour la commande {order} :",
    },
    answerHere: "Répondez ici (des photos peuvent aider).",
    details: "Détails : {url}",
    nameless: "à vous",
  },
  es: {
    returnUpdate: {
      approved: "Tu devolución del pedido {order} está aprobada.",
      denied: "No podemos aceptar tu devolución del pedido {order}.",
      completed: "Tu devolución del pedido {order} está completada.",
      pending_review: "Estamos revisando tu devolución del pedido {order}.",
      info_requested: "Una pregunta sobre tu devolución del pedido {order}:",
    },
    answerHere: "Responde aquí (las fotos también ayudan).",
    details: "Detalles: {url}",
    nameless: "cliente",
  },
  de: {
    returnUpdate: {
      approved: "Ihre Rücksendung für die Bestellung {order} ist genehmigt.",
      denied: "Wir können Ihre Rücksendung für die Bestellung {order} leider nicht annehmen.",
      completed: "Ihre Rücksendung für die Bestellung {order} ist abgeschlossen.",
      pending_review: "Wir prüfen Ihre Rücksendung für die Bestellung {order}.",
      info_requested: "Eine Frage zu Ihrer Rücksendung für die Bestellung {order}:",
    },
    answerHere: "Antworten Sie hier (Fotos helfen auch).",
    details: "Details: {url}",
    nameless: "zusammen",
  },
};

/** The language of a WhatsApp conversation: the shop's setting unless `auto`, else the conversation's (the shopper's words), else the shop's locale. */
export function whatsAppLanguage(shop: Pick<Shop, "settings" | "locale">, conversation: Pick<Conversation, "locale">): Language {
  return pickLanguage(readShopSettings(shop.settings).language, conversation.locale || shop.locale);
}

/** A return update as WhatsApp text: the news, the store's question when it asked one, and the link to the return. */
export function returnUpdateText(language: Language, input: { event: ReturnEmailEvent; orderName: string; statusUrl: string; question?: string }): string {
  const texts = TEXTS[language];
  const headline = texts.returnUpdate[input.event].replace("{order}", input.orderName);
  const question = input.question ? `${input.question}\n${texts.answerHere}` : null;
  return [headline, question, texts.details.replace("{url}", input.statusUrl)].filter(Boolean).join("\n");
}

/** The word a template's name variable takes when the shopper's name is unknown. */
export function namelessGreeting(language: Language): string {
  return TEXTS[language].nameless;
}
