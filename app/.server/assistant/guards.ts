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
