/**
 * The assistant's guards. Shopper text, order notes and articles reach the model only as JSON inside
 * fixed tags (`asTaggedData`); messages that look like attempts to steer the model are recorded for the merchant
 * (they change nothing the tools allow); and a reply that starts to repeat the instructions is cut.
 */

const INJECTION_PATTERNS: Array<[name: string, pattern: RegExp]> = [
  ["ignore_instructions", /\b(ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(instructions?|rules?|prompts?|guidelines?|polic(y|ies)|restrictions?)\b/i],
  ["reveal_prompt", /\b(system|hidden|initial|original|developer)\s*(prompt|message|instructions?)\b|\b(reveal|print|repeat|show|output|leak|tell me)\b[^.!?\n]{0,30}\b(your|the)\s+(instructions|prompt|rules|configuration)\b/i],
  ["role_play", /\b(you are now|from now on,? you|act as|pretend (to be|you are)|roleplay|role-play|developer mode|jailbreak|\bDAN\b|do anything now)\b/i],
  ["fake_role_marker", /(^|\n)\s*(system|assistant|developer|tool)\s*:|<\s*\/?\s*(system|assistant|tool|instructions?|shopper_message|conversation_state)\b|\[\s*(system|inst|admin)\s*\]|<\|im_(start|end)\|>/i],
  ["force_approval", /\b(approve|accept|authori[sz]e)\b[^.!?\n]{0,40}\b(regardless|no matter|anyway|without (checking|review|the polic))|\b(you must|you have to|i order you to|i command you to)\b[^.!?\n]{0,30}\b(approve|refund|accept)/i],
  ["impersonation", /\b(i am|i'm|this is)\s+(the\s+)?(store\s+)?(owner|admin(istrator)?|developer|manager|openai|staff)\b[^.!?\n]{0,40}\b(approve|override|authori[sz]e|grant|give|access)/i],
  ["other_customers", /\b(other|another|all|every)\s+(customers?|shoppers?|users?|people)('s|')?\s+(orders?|emails?|addresses?|data|details)|\b(list|show|dump|export)\s+(all|every)\s+(orders?|customers?|emails?)\b/i],
  ["tool_smuggling", /\b(call|invoke|run|use)\s+(the\s+)?(tool|function)\b|\b(start_return|lookup_order|get_return_status|check_return_eligibility|hand_off_to_human|search_knowledge_base)\s*\(|"(tool_calls?|function_call|arguments)"\s*:/i],
];

/** The names of the steering patterns a shopper message matches (empty when none). */
export function detectInjection(text: string): string[] {
  return INJECTION_PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

const WINDOW = 40;

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ");
}

/**
 * Watches a streamed reply for a run of the system prompt (WINDOW characters, case and spacing
 * ignored). `push` returns the text safe to send now, holding back the last WINDOW characters
 * until more arrives; once a run of the prompt appears, `leaked` turns true and nothing more is released.
 */
export function createLeakGuard(systemPrompt: string) {
  const prompt = normalize(systemPrompt);
  const shingles = new Set<string>();
  for (let i = 0; i + WINDOW <= prompt.length; i++) shingles.add(prompt.slice(i, i + WINDOW));
  let text = "";
  let released = 0;
  let checked = 0;
  let leaked = false;
  const scan = () => {
    const normalized = normalize(text);
    for (let i = Math.max(0, checked - WINDOW); i + WINDOW <= normalized.length; i++) {
      if (shingles.has(normalized.slice(i, i + WINDOW))) {
        leaked = true;
        return;
      }
    }
    checked = normalized.length;
  };
  return {
    get leaked() {
      return leaked;
    },
    /** Adds a piece of the reply; returns what may be shown now. */
    push(piece: string): string {
      if (leaked) return "";
      text += piece;
      scan();
      if (leaked) return "";
      const safeEnd = Math.max(released, text.length - WINDOW);
      const out = text.slice(released, safeEnd);
      released = safeEnd;
      return out;
    },
    /** The rest of the reply once it is complete (empty after a leak). */
    flush(): string {
      if (leaked) return "";
      scan();
      if (leaked) return "";
      const out = text.slice(released);
      released = text.length;
      return out;
    },
  };
}

/** The outcomes a reply may claim for the shopper's return. */
export type OutcomeClaim = "approved" | "refunded" | "exchanged" | "declined" | "decided";

function foldClaim(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss");
}

// Patterns are written with accents for reading and matched on folded text (no accents), so word boundaries hold.
const folded = (pattern: RegExp) => new RegExp(foldClaim(pattern.source), pattern.flags);

const CLAIM_WORDS: Array<[OutcomeClaim, RegExp]> = ([
  ["approved", /\b(approved|accepted|authori[sz]ed|granted|approuv[ée]e?s?|accept[ée]e?s?|valid[ée]e?s?|aprobad[oa]s?|aceptad[oa]s?|autorizad[oa]s?|genehmigt|akzeptiert|bewilligt|angenommen|freigegeben)\b/i],
  ["refunded", /\b(refunded|refund(ed)? (has been|was|is being|is) (issued|processed|sent|on its way)|(issued|processed|sent) (a|your|the) refund|rembours[ée]e?s?|remboursement (a été|est) (effectué|émis|envoyé)|reembolsad[oa]s?|reembolso (ha sido|fue|est[aá]) (emitido|procesado|enviado)|erstattet|zur[uü]ckerstattet|erstattung (wurde|ist) (veranlasst|ausgel[oö]st|überwiesen))\b/i],
  ["exchanged", /\b(exchanged|exchange (has been|was|is) (approved|processed|arranged|confirmed|on its way)|[ée]chang[ée]e?s?|[ée]change (a été|est) (accept|valid|confirm)\w*|cambiad[oa]s?|cambio (ha sido|fue|est[aá]) (aprobado|confirmado|procesado)|umgetauscht|umtausch (wurde|ist) (genehmigt|best[aä]tigt))\b/i],
  ["declined", /\b(denied|declined|rejected|refused|refus[ée]e?s?|rejet[ée]e?s?|rechazad[oa]s?|denegad[oa]s?|abgelehnt|zur[uü]ckgewiesen)\b/i],
  ["decided", /^\W*(done|all set|all done|c'est fait|voil[àa]|listo|hecho|erledigt|fertig)\W*$/i],
  ["decided", /\b(i('ve| have) (processed|submitted|started|created|completed|finali[sz]ed) (your|the|a) (return|refund|exchange|request)|(your|the) (return|refund|exchange|request) (is|has been) (processed|complete|completed|confirmed|done|finali[sz]ed)|(votre|le) (retour|remboursement|échange|demande) (a été|est) (trait[ée]e?|confirm[ée]e?|termin[ée]e?)|(tu|la|el) (devoluci[oó]n|reembolso|cambio|solicitud) (ha sido|fue|est[aá]) (procesad|confirmad|completad)[oa]|(ihre|die) (r[uü]cksendung|erstattung|anfrage|umtausch) (wurde|ist) (bearbeitet|best[aä]tigt|abgeschlossen|erledigt))/i],
] as Array<[OutcomeClaim, RegExp]>).map(([claim, pattern]) => [claim, folded(pattern)]);

// A claim is about this shopper's return when the sentence speaks to them or of what was just done.
const ABOUT_THIS_RETURN = /\b(your|you|i('ve| have| just)?|we('ve| have)?|done|all set|votre|vos|vous|je|j'ai|nous|c'est fait|tu|tus|te|yo|usted|su|he|hemos|listo|hecho|ihre?|ihnen|sie|ich|wir|erledigt|fertig)\b/i;

/** The outcomes a sentence claims for the shopper's return (empty when it claims none). */
export function findOutcomeClaims(sentence: string): OutcomeClaim[] {
  const text = foldClaim(sentence.trim());
  if (!ABOUT_THIS_RETURN.test(text)) return [];
  return [...new Set(CLAIM_WORDS.filter(([, pattern]) => pattern.test(text)).map(([claim]) => claim))];
}

/** Whether the engine's decision this turn is exactly what `claims` state. */
export function claimsMatchDecision(claims: OutcomeClaim[], decision: { status: string; resolution: string } | undefined): boolean {
  if (!decision) return false;
  const approved = decision.status === "approved" || decision.status === "completed";
  return claims.every((claim) => {
    if (claim === "approved") return approved;
    if (claim === "refunded") return approved && decision.resolution === "refund";
    if (claim === "exchanged") return approved && decision.resolution === "exchange";
    if (claim === "declined") return decision.status === "denied";
    return approved || decision.status === "denied";
  });
}

/**
 * Holds a streamed reply back sentence by sentence and drops every sentence that claims an outcome
 * for the shopper's return (approved, refunded, exchanged, declined, done) in any of the four
 * languages, unless the engine made exactly that decision this turn (`decide`). What was released
 * can't be taken back, so nothing is released before its sentence is complete and checked.
 */
export function createOutcomeGuard() {
  // The sentence being written: `released` of it already shown (words before any claim or personal word), `held` not yet.
  let released = "";
  let held = "";
  let decision: { status: string; resolution: string } | undefined;
  let dropped = 0;
  const finish = (tail: string) => {
    const claims = findOutcomeClaims(released + tail);
    released = "";
    if (claims.length && !claimsMatchDecision(claims, decision)) {
      dropped++;
      // What was shown had no claim or personal word; the rest of the sentence is dropped, keeping its line break.
      return /\n\s*$/.test(tail) ? "\n" : "";
    }
    return tail;
  };
  const mayRelease = (text: string) => {
    const plain = foldClaim(text);
    // A sentence's first words always wait for the third: "C'est fait", "All set" are claims of their own.
    return !ABOUT_THIS_RETURN.test(plain) && !CLAIM_WORDS.some(([, pattern]) => pattern.test(plain)) && plain.trim().split(/\s+/).length >= 3;
  };
  return {
    get dropped() {
      return dropped;
    },
    /** The engine's decision of this turn: sentences checked from now on may state exactly it. */
    decide(made: { status: string; resolution: string }) {
      decision = made;
    },
    /** Adds text; returns what may be shown now. */
    push(piece: string): string {
      held += piece;
      let out = "";
      for (;;) {
        const end = /[.!?…。](?=\s)|\n/.exec(held);
        if (!end) break;
        const cut = end.index + end[0].length;
        // The whitespace after a sentence travels with it, so paragraphs keep their breaks.
        const spaces = /^\s*/.exec(held.slice(cut))![0];
        out += finish(held.slice(0, cut) + spaces);
        held = held.slice(cut + spaces.length);
      }
      // Within a sentence, whole words are shown as long as none of them could begin a claim.
      const words = /^(.*\s)\S*$/s.exec(held);
      if (words && mayRelease(released + words[1]!)) {
        out += words[1]!;
        released += words[1]!;
        held = held.slice(words[1]!.length);
      }
      return out;
    },
    /** The last sentence once the reply is complete. */
    flush(): string {
      const rest = held;
      held = "";
      return rest || released ? finish(rest) : "";
    },
  };
}
