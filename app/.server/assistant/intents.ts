import type { Language } from "./phrases";
import { RESOLUTIONS, RETURN_REASONS, type Resolution, type ReturnReason } from "../returns/types";

/**
 * What a shopper wants, by keyword and pattern rules in English, French, Spanish and German: the
 * no-model mode's understanding. Rules are ordered: asking for a person wins over everything.
 */

export type Intent = "handoff" | "cancel" | "return" | "order_status" | "thanks" | "greeting" | "yes" | "no" | "shipping" | "product" | "question";

// "échanger" starts with a letter \b does not see as one, so it is matched without it.
const EXCHANGE_WORDS = /\b((a |an )?(different|another|other|bigger|smaller|larger) (size|colou?r)|exchange (it|this|them|my|for)|swap (it|this|them|my|for)|(une )?autre (taille|couleur)|otra (talla|color)|cambiar(lo|la)? (por|de talla)|andere(n)? (gr[öo](ß|ss)e|farbe)|umtauschen)\b|(^|\s)[ée]changer/i;

/** Whether the shopper asks for another size or colour (an exchange) rather than their money back. */
export function wantsExchange(text: string): boolean {
  return EXCHANGE_WORDS.test(text);
}

const RULES: Array<[Intent, RegExp]> = [
  ["handoff", /\b(human|a person|real person|someone|somebody|an? agent|representative|customer service|staff|talk to (a|an|some)|speak (to|with)|humain|conseill[eè]re?|parler à|une personne|persona|humano|agente|hablar con|mensch|mitarbeiter(in)?|jemand(en|em)?|sprechen mit)\b/i],
  ["cancel", /^\s*(cancel|stop|never ?mind|forget it|quit|annuler|laisse[zr]? tomber|cancelar|olvídalo|abbrechen|vergiss es)\b/i],
  ["return", /\b((want|like|need|wish|going) to|how (do|can) i|can you( help me)?|please|let me|i'?d like to|start|make|open|request|begin|initiate)\s+(a\s+|to\s+)?(return|refund|exchange|send (it|this|them|something) back)\b|\breturn (my|an?|the|this|these|those|it|them)\b|\b(start|open|make) a return\b|\b(retourner|faire un retour|me faire rembourser|renvoyer|devolver|hacer una devoluci[oó]n|zur[uü]cksenden|zur[uü]ckgeben|r[uü]cksendung (starten|anmelden)|umtauschen)\b/i],
  // Another size or colour is an exchange, which starts as a return.
  ["return", EXCHANGE_WORDS],
  ["order_status", /\b(where('s| is) my (order|package|parcel)|order status|status of my order|track(ing)?( my)? (order|package|parcel)?|has(n'?t| not) (arrived|shipped)|when will (it|my order) (arrive|ship)|o[uù] est ma commande|suivi de (ma )?commande|d[oó]nde est[aá] mi pedido|estado de mi pedido|wo ist meine bestellung|sendungsverfolgung|bestellstatus)\b/i],
  ["thanks", /^\s*(thanks?|thank you|thx|cheers|merci|gracias|danke)\b/i],
  ["greeting", /^\s*(hi|hello|hey|good (morning|afternoon|evening)|bonjour|salut|hola|buenos d[ií]as|hallo|guten (tag|morgen))\b[\s!.,]*$/i],
  ["yes", /^\s*(yes|yeah|yep|sure|ok(ay)?|please|oui|s[ií]|ja|gerne)(?=$|[\s!.,])/i],
  ["no", /^\s*(no|nope|non|nein)\b/i],
  ["shipping", /\b(ship(ping|ped)?|deliver(y|ed)?|dispatch|courier|livraison|exp[eé]dition|env[ií]o|entrega|versand|lieferung)\b/i],
  ["product", /\b(size|sizing|fit|material|fabric|colou?r|stock|product|care|wash|taille|talla|gr[oö][ßs]e|tissu|tela|stoff)\b/i],
];

/** The shopper's intent for one message. */
export function detectIntent(text: string): Intent {
  for (const [intent, pattern] of RULES) if (pattern.test(text)) return intent;
  return "question";
}

const LANGUAGE_HINTS: Array<[Language, RegExp]> = [
  ["fr", /\b(bonjour|merci|commande|je|vous|retour|livraison|où|est-ce|s'il)\b/i],
  ["es", /\b(hola|gracias|pedido|quiero|devoluci[oó]n|env[ií]o|d[oó]nde|por favor)\b/i],
  ["de", /\b(hallo|danke|bestellung|ich|bitte|r[uü]cksendung|versand|wo ist)\b/i],
];

/** The language a message is written in, when its words make it clear; null otherwise. */
export function detectLanguage(text: string): Language | null {
  for (const [language, pattern] of LANGUAGE_HINTS) if (pattern.test(text)) return language;
  return /\b(the|my|is|where|what|how|hello|thanks|please|order)\b/i.test(text) ? "en" : null;
}

/** An order number written in the message (`#1001`, `order 1001`), without the `#`. */
export function findOrderNumber(text: string): string | null {
  const withoutEmails = text.replace(/\S+@\S+/g, " ");
  const match = /(?:#|\b(?:order|commande|pedido|bestellung)\s*(?:number|no\.?|num[eé]ro|n[uú]mero|nummer)?\s*:?\s*#?)\s*([A-Za-z0-9][A-Za-z0-9-]{1,30})\b/i.exec(withoutEmails) ?? /(?:^|\s)(\d{3,12})(?=$|[\s.,!?])/.exec(withoutEmails);
  return match?.[1] && /\d/.test(match[1]) ? match[1] : null;
}

/** An email address written in the message, lower-cased. */
export function findEmail(text: string): string | null {
  return /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/.exec(text)?.[0].toLowerCase() ?? null;
}

/** The list positions (1-based) a shopper chose: "1", "1 and 3", "2, 3", "all", "both". */
export function findChoices(text: string, count: number): number[] {
  if (/\b(all|both|everything|tout|todos?|alle)\b/i.test(text)) return Array.from({ length: count }, (_, i) => i + 1);
  const numbers = [...text.matchAll(/\b(\d{1,2})\b/g)].map((m) => Number(m[1])).filter((n) => n >= 1 && n <= count);
  return [...new Set(numbers)];
}

const REASON_WORDS: Array<[ReturnReason, RegExp]> = [
  ["size_too_small", /\b(too (small|tight|short)|trop petit|demasiado peque|zu klein)/i],
  ["size_too_large", /\b(too (big|large|loose|long)|trop grand|demasiado grande|zu gro)/i],
  ["damaged", /\b(damaged|torn|ripped|broken in (transit|shipping)|abîmé|dañado|beschädigt)/i],
  ["defective", /\b(defective|faulty|broken|doesn'?t work|stopped working|défectueux|defectuoso|defekt)/i],
  ["wrong_item", /\b(wrong (item|size|colou?r|product)|not what i ordered|mauvais article|art[ií]culo equivocado|falsche[rn]? artikel)/i],
  ["not_as_described", /\b(not as described|looks different|different from the (photo|picture|description)|pas conforme|no es como|nicht wie beschrieben)/i],
  ["arrived_late", /\b(late|too late|arrived after|en retard|tarde|zu spät)/i],
  ["changed_mind", /\b(changed my mind|don'?t (want|need|like) it|no longer (want|need)|changé d'avis|cambi[eé] de opini[oó]n|nicht mehr|meinung ge[aä]ndert)/i],
  ["other", /\b(other|something else|autre|otro|andere)/i],
];

/** A return reason from the shopper's words or its number in `order`. */
export function findReason(text: string, order: readonly ReturnReason[] = RETURN_REASONS): ReturnReason | null {
  const number = /^\s*(\d{1,2})\b/.exec(text);
  if (number) return order[Number(number[1]) - 1] ?? null;
  for (const [reason, pattern] of REASON_WORDS) if (pattern.test(text)) return reason;
  return null;
}

/** A resolution from the shopper's words or its number in `allowed`. */
export function findResolution(text: string, allowed: readonly Resolution[] = RESOLUTIONS): Resolution | null {
  const number = /^\s*(\d{1,2})\b/.exec(text);
  if (number) return allowed[Number(number[1]) - 1] ?? null;
  if (/\b(store credit|credit|avoir|crédito|gutschrift|guthaben)\b/i.test(text) && allowed.includes("store_credit")) return "store_credit";
  if (/\b(exchange|swap|échange|cambio|umtausch)\b/i.test(text) && allowed.includes("exchange")) return "exchange";
  if (/\b(refund|money back|rembours|reembolso|erstattung|geld zurück)\b/i.test(text) && allowed.includes("refund")) return "refund";
  return null;
}
