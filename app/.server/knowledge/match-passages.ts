/**
 * Passage retrieval without a model: the shopper's words and the articles' words reduced to the
 * same terms (accents folded, stop words dropped, a light suffix-stripping stemmer per language,
 * and a table of commerce words in English, French, Spanish and German folded into one concept
 * each, so "maillot de bain", "bikini" and "swimwear" meet), then passages ranked by BM25 with the
 * article's title and tags weighing most, the passage's heading next, its text last.
 */

export type MatchLanguage = "en" | "fr" | "es" | "de";

/** A passage as the matcher reads it. */
export type MatchPassage = { articleId: string; title: string; tags: readonly string[]; heading: string | null; text: string; position: number };

export type PassageMatch = { passage: MatchPassage; score: number; coverage: number };

function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss").toLowerCase();
}

const STOP_WORDS: Record<MatchLanguage, ReadonlySet<string>> = {
  en: new Set("a an the to of in on at for from by with within into is are was were be been am do does did done have has had i me my mine you your we our us they them their it its this that these those and or but if so not no can could would should will may might must shall how what when where which who why there here any some all about as up out just only also than then too very please hi hello thanks thank get got"
    .split(" ")),
  fr: new Set("le la les l un une des du de d a au aux et ou mais si ne pas plus je j me m mon ma mes tu te t ton ta tes vous votre vos nous notre nos il elle ils elles on leur leurs ce cet cette ces se s sa son ses est sont suis etre avoir ai as a avez ont fait faire pour par avec dans sur sous en y qui que qu quoi quel quelle quels quelles comment combien quand ou pourquoi est-ce puis-je peut peux pouvez bonjour merci svp".split(" ")),
  es: new Set("el la los las lo un una unos unas de del al a y o pero si no mas yo me mi mis tu te tus usted su sus nosotros nuestro nuestra nuestros ellos ellas se es son soy estar esta estan ser he ha han hay hacer para por con en sobre que quien cual cuales como cuanto cuantos cuanta cuando donde porque puedo puede pueden hola gracias favor tengo tiene".split(" ")),
  de: new Set("der die das den dem des ein eine einen einem einer eines und oder aber wenn nicht kein keine ich mich mir mein meine meinen sie ihr ihre ihren wir uns unser unsere er es man sich ist sind bin sein haben habe hat hatte tun fur von mit bei in im an am auf aus zu zum zur nach uber wie was wann wo warum welche welcher welches wer kann konnen darf soll sollte muss mochte will brauche nehmen nehme hallo danke bitte noch schon auch".split(" ")),
};

/** Commerce words in four languages, each folded into one concept (accents already folded). */
const CONCEPTS: Record<string, readonly string[]> = {
  swimwear: ["swimwear", "swimsuit", "swimsuits", "swim", "swimming", "bikini", "bikinis", "one-piece", "trunks", "maillot", "maillots", "banador", "banadores", "traje de bano", "badeanzug", "badeanzuge", "bademode", "badehose", "bikinis"],
  return: ["return", "returns", "returned", "returning", "send back", "retour", "retours", "retourner", "renvoyer", "renvoi", "devolver", "devolucion", "devoluciones", "devuelvo", "rucksendung", "rucksenden", "zurucksenden", "zuruckgeben", "ruckgabe", "zurückschicken", "zuruckschicken"],
  refund: ["refund", "refunds", "refunded", "money back", "reimburse", "reimbursement", "remboursement", "rembourser", "rembourse", "reembolso", "reembolsar", "erstattung", "ruckerstattung", "erstatten", "geld zuruck"],
  exchange: ["exchange", "exchanges", "swap", "echange", "echanger", "cambio", "cambios", "cambiar", "umtausch", "umtauschen", "tauschen"],
  size: ["size", "sizes", "sizing", "fit", "fits", "taille", "tailles", "talla", "tallas", "grosse", "grossen", "passform"],
  ship: ["ship", "ships", "shipping", "shipped", "delivery", "deliver", "delivered", "dispatch", "livraison", "livrer", "livre", "expedition", "envoi", "envio", "envios", "enviar", "entrega", "versand", "lieferung", "liefern", "versenden", "zustellung", "zugestellt", "geliefert"],
  international: ["international", "abroad", "overseas", "etranger", "internacional", "extranjero", "ausland", "weltweit"],
  canada: ["canada", "kanada"],
  track: ["track", "tracking", "suivi", "suivre", "seguimiento", "rastrear", "rastreo", "sendungsverfolgung", "verfolgen", "verfolgung"],
  order: ["order", "orders", "commande", "commandes", "pedido", "pedidos", "bestellung", "bestellungen", "bestellt"],
  cancel: ["cancel", "cancelling", "cancelled", "annuler", "annulation", "cancelar", "cancelacion", "stornieren", "stornierung", "storno"],
  change: ["change", "changing", "modify", "modifier", "changer", "modificar", "andern", "anderung"],
  wash: ["wash", "washing", "care", "clean", "laver", "lave", "lavage", "entretien", "entretenir", "lavar", "lavo", "lavado", "cuidado", "cuidar", "waschen", "wasche", "pflege", "reinigen"],
  gift: ["gift", "gifts", "cadeau", "cadeaux", "regalo", "regalos", "geschenk", "geschenke", "gutschein", "gutscheine"],
  card: ["card", "cards", "carte", "cartes", "tarjeta", "tarjetas", "karte", "karten"],
  credit: ["credit", "avoir", "credito", "guthaben", "gutschrift"],
  pay: ["pay", "paypal", "payment", "payments", "paying", "paiement", "payer", "pago", "pagos", "pagar", "zahlung", "zahlen", "bezahlen", "zahlungsarten"],
  cost: ["cost", "costs", "how much", "combien", "cuanto cuesta", "wie viel", "was kostet", "price", "prix", "cout", "couts", "coute", "coste", "precio", "cuesta", "kosten", "kostet", "preis"],
  damaged: ["damaged", "damage", "broken", "defective", "faulty", "endommage", "abime", "casse", "defectueux", "danado", "roto", "defectuoso", "beschadigt", "kaputt", "defekt"],
  wrong: ["wrong", "incorrect", "mauvais", "erreur", "equivocado", "incorrecto", "falsch", "falsche", "falschen"],
  shoe: ["shoe", "shoes", "boot", "boots", "sneaker", "sneakers", "chaussure", "chaussures", "zapato", "zapatos", "zapatillas", "bota", "botas", "schuh", "schuhe", "stiefel"],
  jean: ["jean", "jeans", "denim", "vaquero", "vaqueros"],
  dress: ["dress", "dresses", "robe", "robes", "vestido", "vestidos", "kleid", "kleider"],
  shirt: ["shirt", "shirts", "tee", "tees", "top", "tops", "chemise", "chemises", "camisa", "camisas", "camiseta", "hemd", "hemden"],
  contact: ["contact", "email", "phone", "call", "contacter", "telephone", "joindre", "contacto", "contactar", "telefono", "llamar", "kontakt", "kontaktieren", "telefon", "anrufen"],
  hours: ["hours", "opening", "open", "horaires", "ouvert", "horario", "abierto", "offnungszeiten", "geoffnet"],
  sale: ["sale", "clearance", "soldes", "solde", "promotion", "rebajas", "rebaja", "oferta", "ausverkauf", "reduziert", "schlussverkauf"],
  holiday: ["holiday", "holidays", "christmas", "noel", "fetes", "navidad", "fiestas", "weihnachten", "feiertage"],
  day: ["day", "days", "jour", "jours", "dia", "dias", "tag", "tage", "tagen"],
  duty: ["duty", "duties", "tax", "taxes", "vat", "douane", "douanes", "droits", "tva", "impuesto", "impuestos", "aduana", "iva", "zoll", "zolle", "steuer", "steuern", "mwst"],
  label: ["label", "labels", "etiquette", "etiqueta", "etikett", "rucksendeetikett"],
  photo: ["photo", "photos", "picture", "image", "foto", "fotos", "bild", "bilder"],
  instalment: ["instalment", "instalments", "installment", "installments", "plusieurs fois", "cuotas", "raten", "ratenzahlung"],
  expire: ["expire", "expires", "expiry", "expirer", "expiration", "caducar", "caduca", "vence", "ablaufen", "verfallen", "verfallt"],
  address: ["address", "adresse", "direccion", "anschrift"],
  arrive: ["arrive", "arrived", "arrival", "receive", "received", "recu", "recevoir", "arrive", "llegar", "llegado", "recibido", "recibir", "ankommen", "angekommen", "erhalten"],
  wool: ["merino", "cashmere", "wool", "laine", "cachemire", "lana", "wolle", "kaschmir"],
  linen: ["linen", "lin", "lino", "leinen"],
  leather: ["leather", "cuir", "cuero", "piel", "leder"],
  stock: ["stock", "rupture", "agotado", "disponible", "vorratig", "lieferbar"],
  inseam: ["inseam", "entrejambe", "tiro", "innenbeinlange", "schrittlange"],
  hem: ["hem", "hemming", "ourlet", "dobladillo", "saum", "kurzen"],
  warehouse: ["warehouse", "entrepot", "almacen", "lager"],
  parcel: ["parcel", "parcels", "package", "packages", "colis", "paquet", "paquete", "paquetes", "paket", "pakete", "sendung"],
  mark: ["marked", "mark", "marque", "marcado", "markiert", "angezeigt"],
};

const CONCEPT_OF = new Map<string, string>();
const PHRASES: Array<[string, string]> = [];
for (const [concept, words] of Object.entries(CONCEPTS)) {
  for (const word of words) {
    const folded = fold(word);
    if (folded.includes(" ")) PHRASES.push([folded, concept]);
    else CONCEPT_OF.set(folded, concept);
  }
}

/** Light stemmers: strip the commonest inflections, keeping at least three letters of stem. */
const SUFFIXES: Record<MatchLanguage, readonly string[]> = {
  en: ["ations", "ation", "ments", "ment", "ness", "ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s"],
  fr: ["issements", "issement", "ations", "ation", "ements", "ement", "euses", "euse", "eurs", "eur", "ees", "ee", "es", "er", "ez", "e", "s", "x"],
  es: ["aciones", "acion", "amientos", "amiento", "imientos", "imiento", "iones", "ion", "ando", "iendo", "ados", "adas", "ado", "ada", "es", "os", "as", "ar", "er", "ir", "o", "a", "s"],
  de: ["ungen", "ung", "heiten", "heit", "keiten", "keit", "lich", "isch", "en", "er", "em", "es", "e", "n", "s"],
};

function stem(word: string, language: MatchLanguage): string {
  for (const suffix of SUFFIXES[language]) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

// German runs words together ("Kaschmirpullover", "Schuhgröße"): a compound is read by the known words it starts and ends with.
const COMPOUND_PARTS = [...CONCEPT_OF.keys()].filter((w) => w.length >= 5).sort((a, b) => b.length - a.length);
function compoundConcepts(word: string): string[] {
  if (word.length < 8) return [];
  const head = COMPOUND_PARTS.find((w) => word.startsWith(w) && word.length - w.length >= 3);
  const tail = COMPOUND_PARTS.find((w) => word.endsWith(w) && word.length - w.length >= 3);
  return [...new Set([head, tail].filter((w): w is string => !!w).map((w) => CONCEPT_OF.get(w)!))];
}

/** The terms of a text in `language`: concepts where the table knows the word, stems elsewhere; stop words dropped. */
export function termsOf(text: string, language: MatchLanguage): string[] {
  let folded = ` ${fold(text).replace(/[^a-z0-9\s-]/g, " ").replace(/\s+/g, " ")} `;
  const terms: string[] = [];
  for (const [phrase, concept] of PHRASES) {
    if (folded.includes(` ${phrase} `)) {
      terms.push(concept);
      folded = folded.split(` ${phrase} `).join(" ");
    }
  }
  for (const raw of folded.split(/[\s-]+/)) {
    if (!raw || STOP_WORDS[language].has(raw) || STOP_WORDS.en.has(raw)) continue;
    if (/^\d+$/.test(raw)) continue;
    const concept = CONCEPT_OF.get(raw) ?? CONCEPT_OF.get(stem(raw, language)) ?? CONCEPT_OF.get(stem(raw, "en"));
    const parts = concept || language !== "de" ? [] : compoundConcepts(raw);
    if (concept) terms.push(concept);
    else if (parts.length) terms.push(...parts);
    else if (raw.length > 1) terms.push(stem(raw, language));
  }
  return terms;
}

/** The language an article is written in, by its stop words (English when unclear). */
export function guessTextLanguage(text: string): MatchLanguage {
  const words = fold(text).split(/[^a-z]+/);
  let best: MatchLanguage = "en";
  let bestCount = 0;
  for (const language of ["en", "fr", "es", "de"] as const) {
    const count = words.filter((w) => w.length > 1 && STOP_WORDS[language].has(w)).length;
    if (count > bestCount * 1.2) {
      best = language;
      bestCount = count;
    }
  }
  return best;
}

const TITLE_WEIGHT = 3;
const HEADING_WEIGHT = 2;
const K1 = 1.2;
const B = 0.75;

type Indexed = { passage: MatchPassage; weights: Map<string, number>; length: number; titleTerms: Set<string> };

const CONCEPT_NAMES = new Set(Object.keys(CONCEPTS));

/** Passages with their weighted terms and the document frequency of each term: built once per set of articles. */
export type PassageIndex = { passages: Indexed[]; df: Map<string, number>; averageLength: number };

/** Indexes passages for `matchPassages`. */
export function indexPassages(passages: readonly MatchPassage[]): PassageIndex {
  const languages = new Map<string, MatchLanguage>();
  const indexed = passages.map((passage) => {
    let language = languages.get(passage.articleId);
    if (!language) {
      language = guessTextLanguage(`${passage.title} ${passage.text}`);
      languages.set(passage.articleId, language);
    }
    const weights = new Map<string, number>();
    const add = (terms: string[], weight: number) => {
      for (const term of terms) weights.set(term, (weights.get(term) ?? 0) + weight);
    };
    const titleTerms = termsOf(`${passage.title} ${passage.tags.join(" ")}`, language);
    add(titleTerms, TITLE_WEIGHT);
    if (passage.heading && passage.heading !== passage.title) add(termsOf(passage.heading, language), HEADING_WEIGHT);
    add(termsOf(passage.text, language), 1);
    let length = 0;
    for (const weight of weights.values()) length += weight;
    return { passage, weights, length, titleTerms: new Set(titleTerms) };
  });
  const df = new Map<string, number>();
  for (const entry of indexed) for (const term of entry.weights.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const averageLength = indexed.reduce((sum, e) => sum + e.length, 0) / Math.max(1, indexed.length);
  return { passages: indexed, df, averageLength };
}

/** The share of the query's weight a passage must match to be an answer at all. */
export const MIN_COVERAGE = 0.4;

/**
 * The passages that answer `query`, best first: BM25 over the weighted terms, only passages that
 * match at least MIN_COVERAGE of the query's term weight (by inverse document frequency) and at
 * least one commerce concept or word of their article's title, so a passage that merely mentions
 * one word of an unrelated question is never the answer.
 */
export function matchPassages(index: PassageIndex, query: string, language: MatchLanguage, limit = 3): PassageMatch[] {
  const n = index.passages.length;
  if (!n) return [];
  const terms = [...new Set(termsOf(query, language))];
  if (!terms.length) return [];
  const idf = new Map(terms.map((t) => [t, Math.log(1 + (n - (index.df.get(t) ?? 0) + 0.5) / ((index.df.get(t) ?? 0) + 0.5))]));
  // Words no article uses still count against coverage, but less than a known word: they may be filler.
  const unknownWeight = Math.log(1 + (n + 0.5) / 0.5) * 0.5;
  const total = terms.reduce((sum, t) => sum + ((index.df.get(t) ?? 0) > 0 ? idf.get(t)! : unknownWeight), 0);
  const results: PassageMatch[] = [];
  for (const entry of index.passages) {
    let score = 0;
    let matched = 0;
    let topical = false;
    for (const term of terms) {
      const tf = entry.weights.get(term);
      if (!tf) continue;
      if (CONCEPT_NAMES.has(term) || entry.titleTerms.has(term)) topical = true;
      const weight = idf.get(term)!;
      matched += weight;
      score += (weight * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * entry.length) / index.averageLength));
    }
    const coverage = total > 0 ? matched / total : 0;
    if (score > 0 && topical && coverage >= MIN_COVERAGE) results.push({ passage: entry.passage, score, coverage });
  }
  return results.sort((a, b) => b.score - a.score || a.passage.position - b.passage.position).slice(0, limit);
}
