import type { PublicPolicySummary } from "../policies/policy-rules";
import type { Resolution } from "../returns/types";
import type { Language } from "./phrases";

/**
 * Questions about the return policy, answered from the active policy version's public summary in
 * the shopper's language. Help articles add detail but never set a figure: when the merchant
 * changes the policy, the answer changes with it, whatever an article still says.
 */

export const POLICY_TOPICS = ["window", "swimwear", "holiday", "final_sale", "gift_card", "resolutions", "fees", "store_credit", "exchange", "general"] as const;
export type PolicyTopic = (typeof POLICY_TOPICS)[number];

/** Accents folded and lower-cased, so "délai" and "delai", "Rückgabe" and "ruckgabe" read alike. */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss").toLowerCase();
}

const TOPIC_PATTERNS: Array<[PolicyTopic, RegExp]> = [
  ["swimwear", /\b(swim\w*|bikini\w*|bathing suit|one-piece|maillots? de bain|maillot|bain|banador\w*|traje de bano|trajes de bano|bade\w*|schwimm\w*)\b/],
  ["holiday", /\b(holiday|christmas|gifts? (bought|for)|fetes|noel|navidad|vacaciones|festiv\w*|weihnacht\w*|feiertag\w*)\b/],
  ["final_sale", /\b(final[- ]sale|clearance|sale items?|on sale|soldes?|vente finale|en promo\w*|rebajas?|venta final|oferta|ausverkauf|reduziert\w*|sale-artikel|schlussverkauf)\b/],
  ["gift_card", /\b(gift ?cards?|gift certificates?|cartes? cadeaux?|cheques? cadeaux?|tarjetas? (de )?regalo|geschenkkarten?|gutscheine?|geschenkgutscheine?)\b/],
  ["store_credit", /\b(store credit|shop credit|bonus|avoir|bon d'achat|credito (en|de) (la )?tienda|guthaben|gutschrift)\b/],
  ["fees", /\b(fees?|restocking|charge[ds]? (for|to) return|cost to return|free returns?|frais|payer le retour|gratuit\w*|cargos?|comision|tarifa|cuesta|gratis|gebuhr\w*|kostet|kosten\w*|kostenlos)\b/],
  ["exchange", /\b(exchang\w*|swap\w*|different size|another size|other size|echang\w*|autre taille|cambios?|cambiar(lo|la|los|las)? (por|de talla|la talla|el color)|otra talla|umtausch\w*|tauschen|andere grosse)\b/],
  ["resolutions", /\b(refunds?|money back|reimburs\w*|rembours\w*|reembols\w*|devolucion del dinero|geld zuruck|erstatt\w*|ruckerstatt\w*|options?|opciones|optionen)\b/],
  ["window", /\b(how long|how many days|days? (do i have|to return)|return window|window|deadline|time limit|combien de (temps|jours)|delai\w*|cuanto tiempo|cuantos dias|plazo\w*|wie lange|wie viele tage|frist\w*|ruckgabefrist)\b/],
  ["general", /\b(return polic\w*|returns polic\w*|refund polic\w*|polic(y|ies)|can i return|can you return|returnable|politique de retour|conditions de retour|puis-je retourner|peut-on retourner|politica de devoluci\w*|puedo devolver|se puede devolver|ruckgabebedingung\w*|ruckgaberecht\w*|ruckgaberichtlinie\w*|kann ich\b.*\bzuruck\w*|umtauschrecht)\b/],
];

/** Words that make a message about returning things, in any of the four languages. */
const RETURN_WORDS = /\b(return\w*|refund\w*|send (it|them) back|exchang\w*|retour\w*|retourn\w*|renvo\w*|rembours\w*|echang\w*|devol\w*|devuelv\w*|reembols\w*|cambi\w*|ruckgabe\w*|zuruck\w*|ruckgab\w*|umtausch\w*|erstatt\w*|rucksend\w*)\b/;

const REFUND_TIMING = /\b(when will|when do|when does|how long (does|will|until|before)|take to (arrive|appear|show)|quand|cuando|wann|bis wann)\b/;

const QUESTION = /\?|^\s*(how|what|when|can|could|do|does|is|are|will|which|may|comment|combien|quel\w*|est-ce|puis-je|peut-on|peux-je|pouvez|y a-t-il|acceptez|como|cuanto\w*|cual\w*|puedo|se puede|hay|aceptan|wie|was|wann|kann|konnen|darf|gibt es|ist|sind|akzeptiert|nehmt|nehmen)\b/;

/**
 * The policy topics a message asks about, most specific first; empty when it is not a question about
 * the return policy (an order number in it, or a plain "I want to return this", makes it an action).
 */
export function findPolicyTopics(text: string): PolicyTopic[] {
  const folded = foldText(text);
  const topics = TOPIC_PATTERNS.filter(([, pattern]) => pattern.test(folded)).map(([topic]) => topic);
  if (!topics.length) return [];
  const aboutReturns = RETURN_WORDS.test(folded) || topics.some((t) => t === "store_credit" || t === "exchange" || t === "general" || t === "final_sale");
  if (!aboutReturns) return [];
  if (!QUESTION.test(folded)) return [];
  // When a refund arrives is the refund article's business; the policy says what, not when.
  if (REFUND_TIMING.test(folded) && topics.every((t) => t === "resolutions" || t === "window")) return [];
  return topics;
}

type Words = {
  days: (n: number) => string;
  fromDelivery: string;
  fromOrder: string;
  windowMost: (days: string, from: string) => string;
  windowFor: (what: string, days: string) => string;
  noOverrides: string;
  notReturnable: (list: string) => string;
  finalSaleReturnable: string;
  giftCardReturnable: string;
  resolutions: (list: string) => string;
  bonus: (percent: number) => string;
  noBonus: string;
  fee: (percent: number) => string;
  noFee: string;
  exchangeYes: string;
  exchangeNo: string;
  tagged: (tag: string) => string;
  finalSale: string;
  giftCards: string;
  resolution: Record<Resolution, string>;
  or: string;
  and: string;
  offerReturn: string;
};

const WORDS: Record<Language, Words> = {
  en: {
    days: (n) => `${n} days`,
    fromDelivery: "from delivery",
    fromOrder: "from the order date",
    windowMost: (d, f) => `You can return most items within **${d}** ${f}.`,
    windowFor: (w, d) => `${w}: **${d}**.`,
    noOverrides: "The same window applies to every returnable item.",
    notReturnable: (l) => `${l} can't be returned.`,
    finalSaleReturnable: "Sale items can be returned like any other item, within the return window.",
    giftCardReturnable: "Gift cards follow the usual return window.",
    resolutions: (l) => `You can choose ${l}.`,
    bonus: (p) => `Store credit comes with a **${p}% bonus** on top of the value of your return.`,
    noBonus: "Store credit is the value of your return, with no bonus.",
    fee: (p) => `A **${p}% restocking fee** is taken from refunds (not from store credit or exchanges).`,
    noFee: "There is **no restocking fee** (0%).",
    exchangeYes: "**Exchanges** for another size or colour are available.",
    exchangeNo: "Exchanges aren't offered at the moment; you can choose",
    tagged: (t) => `Items tagged "${t}"`,
    finalSale: "Final sale items",
    giftCards: "Gift cards",
    resolution: { refund: "a refund", store_credit: "store credit", exchange: "an exchange" },
    or: "or",
    and: "and",
    offerReturn: "Would you like to start a return? Just say yes and I'll ask for your order number.",
  },
  fr: {
    days: (n) => `${n} jours`,
    fromDelivery: "après la livraison",
    fromOrder: "après la date de commande",
    windowMost: (d, f) => `Vous pouvez retourner la plupart des articles dans les **${d}** ${f}.`,
    windowFor: (w, d) => `${w} : **${d}**.`,
    noOverrides: "Le même délai s'applique à tous les articles retournables.",
    notReturnable: (l) => `${l} ne peuvent pas être retournés.`,
    finalSaleReturnable: "Les articles soldés peuvent être retournés comme les autres, dans le délai de retour.",
    giftCardReturnable: "Les cartes cadeaux suivent le délai de retour habituel.",
    resolutions: (l) => `Vous pouvez choisir ${l}.`,
    bonus: (p) => `L'avoir est majoré d'un **bonus de ${p} %** sur la valeur de votre retour.`,
    noBonus: "L'avoir correspond à la valeur de votre retour, sans bonus.",
    fee: (p) => `Des **frais de restockage de ${p} %** sont déduits des remboursements (pas des avoirs ni des échanges).`,
    noFee: "Il n'y a **aucun frais de restockage** (0 %).",
    exchangeYes: "Les **échanges** contre une autre taille ou couleur sont possibles.",
    exchangeNo: "Les échanges ne sont pas proposés pour le moment ; vous pouvez choisir",
    tagged: (t) => `Les articles marqués « ${t} »`,
    finalSale: "Les articles en vente finale",
    giftCards: "Les cartes cadeaux",
    resolution: { refund: "un remboursement", store_credit: "un avoir", exchange: "un échange" },
    or: "ou",
    and: "et",
    offerReturn: "Voulez-vous lancer un retour ? Répondez oui et je vous demanderai votre numéro de commande.",
  },
  es: {
    days: (n) => `${n} días`,
    fromDelivery: "desde la entrega",
    fromOrder: "desde la fecha del pedido",
    windowMost: (d, f) => `Puedes devolver la mayoría de los artículos en un plazo de **${d}** ${f}.`,
    windowFor: (w, d) => `${w}: **${d}**.`,
    noOverrides: "El mismo plazo se aplica a todos los artículos que se pueden devolver.",
    notReturnable: (l) => `${l} no se pueden devolver.`,
    finalSaleReturnable: "Los artículos rebajados se pueden devolver como cualquier otro, dentro del plazo.",
    giftCardReturnable: "Las tarjetas regalo siguen el plazo de devolución habitual.",
    resolutions: (l) => `Puedes elegir ${l}.`,
    bonus: (p) => `El crédito en tienda incluye un **bono del ${p} %** sobre el valor de tu devolución.`,
    noBonus: "El crédito en tienda es el valor de tu devolución, sin bono.",
    fee: (p) => `Se descuenta un **cargo de reposición del ${p} %** de los reembolsos (no del crédito ni de los cambios).`,
    noFee: "**No hay cargo de reposición** (0 %).",
    exchangeYes: "Puedes hacer un **cambio** por otra talla o color.",
    exchangeNo: "Por ahora no se ofrecen cambios; puedes elegir",
    tagged: (t) => `Los artículos con la etiqueta «${t}»`,
    finalSale: "Los artículos de venta final",
    giftCards: "Las tarjetas regalo",
    resolution: { refund: "un reembolso", store_credit: "crédito en tienda", exchange: "un cambio" },
    or: "o",
    and: "y",
    offerReturn: "¿Quieres iniciar una devolución? Responde sí y te pediré el número de pedido.",
  },
  de: {
    days: (n) => `${n} Tage`,
    fromDelivery: "ab Lieferung",
    fromOrder: "ab Bestelldatum",
    windowMost: (d, f) => `Die meisten Artikel können Sie innerhalb von **${d.replace("Tage", "Tagen")}** ${f} zurückgeben.`,
    windowFor: (w, d) => `${w}: **${d}**.`,
    noOverrides: "Für alle rückgabefähigen Artikel gilt dieselbe Frist.",
    notReturnable: (l) => `${l} sind von der Rückgabe ausgeschlossen.`,
    finalSaleReturnable: "Reduzierte Artikel können wie alle anderen innerhalb der Frist zurückgegeben werden.",
    giftCardReturnable: "Für Geschenkkarten gilt die übliche Rückgabefrist.",
    resolutions: (l) => `Sie können ${l} wählen.`,
    bonus: (p) => `Auf Guthaben gibt es einen **Bonus von ${p} %** auf den Wert Ihrer Rücksendung.`,
    noBonus: "Guthaben entspricht dem Wert Ihrer Rücksendung, ohne Bonus.",
    fee: (p) => `Von Erstattungen wird eine **Wiedereinlagerungsgebühr von ${p} %** abgezogen (nicht bei Guthaben oder Umtausch).`,
    noFee: "Es gibt **keine Wiedereinlagerungsgebühr** (0 %).",
    exchangeYes: "Ein **Umtausch** in eine andere Größe oder Farbe ist möglich.",
    exchangeNo: "Ein Umtausch ist derzeit nicht möglich; Sie können wählen:",
    tagged: (t) => `Artikel mit dem Tag „${t}“`,
    finalSale: "Final-Sale-Artikel",
    giftCards: "Geschenkkarten",
    resolution: { refund: "eine Erstattung", store_credit: "Guthaben", exchange: "einen Umtausch" },
    or: "oder",
    and: "und",
    offerReturn: "Möchten Sie eine Rücksendung starten? Antworten Sie mit Ja, dann frage ich nach Ihrer Bestellnummer.",
  },
};

/** Product types and tags a shopper knows by another name in their language. */
const NAMES: Record<string, Partial<Record<Language, string>>> = {
  swimwear: { en: "Swimwear", fr: "Maillots de bain", es: "Trajes de baño", de: "Bademode" },
  "gift card": { en: "Gift cards", fr: "Cartes cadeaux", es: "Tarjetas regalo", de: "Geschenkkarten" },
  holiday: { en: "Holiday edit items", fr: "Articles de la collection Fêtes", es: "Artículos de la colección de fiestas", de: "Artikel der Holiday-Kollektion" },
  "final-sale": { en: "Final sale items", fr: "Articles en vente finale", es: "Artículos de venta final", de: "Final-Sale-Artikel" },
};

function nameOf(label: string, language: Language, kind: "type" | "tag"): string {
  const known = NAMES[label.toLowerCase()]?.[language];
  if (known) return known;
  return kind === "tag" ? WORDS[language].tagged(label) : label;
}

function list(parts: string[], conjunction: string): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} ${conjunction} ${parts.at(-1)}`;
}

function overrideLabel(appliesTo: string, language: Language): string {
  const tag = /^items tagged (.+)$/.exec(appliesTo);
  return tag ? nameOf(tag[1]!, language, "tag") : nameOf(appliesTo, language, "type");
}

function overrideMatches(appliesTo: string, topic: "swimwear" | "holiday"): boolean {
  const folded = foldText(appliesTo);
  return topic === "swimwear" ? /swim|bain|bano|bade/.test(folded) : /holiday|christmas|festiv|noel|navidad|weihnacht/.test(folded);
}

/** The policy's sentences for `topics`, in `language`: only what the active policy says, never an article's figure. */
export function describePolicy(policy: PublicPolicySummary, topics: readonly PolicyTopic[], language: Language): string {
  const w = WORDS[language];
  const out: string[] = [];
  const add = (line: string) => {
    if (!out.includes(line)) out.push(line);
  };
  const from = policy.windowStartsFrom === "delivery" ? w.fromDelivery : w.fromOrder;
  const window = () => add(w.windowMost(w.days(policy.returnWindowDays), from));
  const overrides = (only?: "swimwear" | "holiday") => {
    const chosen = policy.overrides.filter((o) => !only || overrideMatches(o.appliesTo, only));
    for (const o of chosen) add(w.windowFor(overrideLabel(o.appliesTo, language), `${w.days(o.returnWindowDays)} ${from}`));
    return chosen.length;
  };
  const tags = policy.nonReturnableTags ?? [];
  const types = policy.nonReturnableProductTypes ?? [];
  const blocked = () => {
    const names = [...types.map((t) => nameOf(t, language, "type")), ...tags.map((t) => nameOf(t, language, "tag"))];
    if (names.length) add(w.notReturnable(list(names, w.and)));
  };
  const resolutions = () => add(w.resolutions(list(policy.allowedResolutions.map((r) => w.resolution[r]), w.or)));
  const bonus = () => {
    if (policy.allowedResolutions.includes("store_credit")) add(policy.storeCreditBonusPercent > 0 ? w.bonus(policy.storeCreditBonusPercent) : w.noBonus);
  };
  const fee = () => add(policy.restockingFeePercent > 0 ? w.fee(policy.restockingFeePercent) : w.noFee);

  const wanted = new Set(topics);
  if (wanted.has("swimwear") || wanted.has("holiday")) {
    for (const topic of ["swimwear", "holiday"] as const) {
      if (wanted.has(topic) && !overrides(topic)) window();
    }
  }
  if (wanted.has("final_sale")) {
    const finalSale = tags.find((t) => /final|sale|solde/i.test(t));
    if (finalSale) add(w.notReturnable(nameOf(finalSale, language, "tag")));
    else add(w.finalSaleReturnable);
  }
  if (wanted.has("gift_card")) {
    const giftCard = types.find((t) => /gift|cadeau|regalo|geschenk|gutschein/i.test(t));
    if (giftCard) add(w.notReturnable(nameOf(giftCard, language, "type")));
    else add(w.giftCardReturnable);
  }
  if (wanted.has("store_credit")) bonus();
  if (wanted.has("fees")) fee();
  if (wanted.has("exchange")) {
    if (policy.allowedResolutions.includes("exchange")) add(w.exchangeYes);
    else add(`${w.exchangeNo} ${list(policy.allowedResolutions.map((r) => w.resolution[r]), w.or)}.`);
  }
  if (wanted.has("resolutions")) {
    resolutions();
    bonus();
    fee();
  }
  if (wanted.has("window")) {
    if (!wanted.has("swimwear") && !wanted.has("holiday")) {
      window();
      overrides();
    }
  }
  if (!out.length || (wanted.has("general") && wanted.size === 1)) {
    window();
    overrides();
    blocked();
    resolutions();
    bonus();
    fee();
  }
  return out.join("\n");
}

/** The offer to start a return that follows a policy answer. */
export function offerReturn(language: Language): string {
  return WORDS[language].offerReturn;
}

/** Whether a search or question touches the return policy at all (any topic or return word, question or not). */
export function touchesReturnPolicy(text: string): boolean {
  const folded = foldText(text);
  return RETURN_WORDS.test(folded) || TOPIC_PATTERNS.some(([topic, pattern]) => topic !== "window" && topic !== "fees" && pattern.test(folded));
}
