/**
 * What Dokani says in the chat without a model, in the languages the no-model mode speaks. English
 * has every phrase; another language falls back to English for a phrase it lacks.
 */

export const LANGUAGES = ["en", "fr", "es", "de"] as const;
export type Language = (typeof LANGUAGES)[number];

const EN = {
  greeting: "Hi! I'm {name}, {shop}'s assistant. I can answer questions, check on an order or start a return. How can I help?",
  handoffNotice: "A member of the {shop} team will answer here as soon as they can. You can keep writing: they will see everything.",
  teamWillAnswer: "Thanks, your message is with the {shop} team. A person will answer here.",
  handingOff: "Of course. I'm asking a person from the team to join this chat.",
  askOrderNumber: "Sure. What is your order number? It looks like #1001 and is in your confirmation email.",
  askEmail: "Thanks. And the email address you used for order {order}?",
  notFound: "I couldn't find an order with that number and email. Please check both and send the order number again.",
  tooManyTries: "There have been too many attempts to find an order from here. Please try again later, or I can bring in a person from the team.",
  orderStatus: "Order {order} was placed on {placed}. {delivery}",
  delivered: "It was delivered on {date}.",
  notDelivered: "It hasn't been marked as delivered yet.",
  returnsOnOrder: "Returns on this order: {list}.",
  noReturnsOnOrder: "There are no returns on this order.",
  chooseItems: "These items of {order} can be returned:\n{list}\nWhich would you like to return? Reply with the numbers (for example 1 or 1 and 2).",
  nothingReturnable: "None of the items of {order} can be returned: {reasons} If you think that's wrong, I can bring in a person from the team.",
  notReturnableAlso: "Not returnable: {list}.",
  chooseReason: "Why are you returning {items}? Reply with a number:\n{list}",
  chooseResolution: "Would you like {list}? Reply with a number.",
  didNotUnderstandChoice: "Sorry, I didn't catch that. Please reply with one of the numbers above, or say cancel.",
  returnResult: "Your return request for {order} is {status}. {explanation}",
  returnEstimate: "Estimated {resolution}: {amount} {currency}.",
  cancelled: "No problem, I've stopped that. What else can I help with?",
  thanks: "You're welcome! Is there anything else I can help with?",
  hello: "Hello! I can answer questions, check on an order or start a return. What would you like to do?",
  fromArticle: "From \u201C{title}\u201D:\n\n{text}",
  notSure: "I'm not sure about that one. Would you like me to bring in a person from the team?",
  returnHint: "If you'd like to start a return, just say \u201Cstart a return\u201D.",
  stillThere: "I couldn't answer just now. Please try again in a moment, or ask for a person.",
  handoffUnavailable: "A person from the team is already following this chat and will answer here.",
  modelBusy: "I can only give a short answer just now. A person from the team can help with anything more: just ask for one.",
};

export type PhraseKey = keyof typeof EN;

const TABLES: Record<Language, Partial<Record<PhraseKey, string>>> = {
  en: EN,
  fr: {
    greeting: "Bonjour ! Je suis {name}, l'assistant de {shop}. Je peux répondre à vos questions, suivre une commande ou lancer un retour. Comment puis-je vous aider ?",
    handoffNotice: "Un membre de l'équipe {shop} vous répondra ici dès que possible. Vous pouvez continuer à écrire : il verra tout.",
    teamWillAnswer: "Merci, votre message est transmis à l'équipe {shop}. Une personne vous répondra ici.",
    handingOff: "Bien sûr. Je demande à une personne de l'équipe de rejoindre cette conversation.",
    askOrderNumber: "Volontiers. Quel est votre numéro de commande ? Il ressemble à #1001 et figure dans votre e-mail de confirmation.",
    askEmail: "Merci. Et l'adresse e-mail utilisée pour la commande {order} ?",
    notFound: "Je n'ai pas trouvé de commande avec ce numéro et cet e-mail. Vérifiez les deux et renvoyez le numéro de commande.",
    thanks: "Avec plaisir ! Puis-je vous aider pour autre chose ?",
    hello: "Bonjour ! Je peux répondre à vos questions, suivre une commande ou lancer un retour. Que souhaitez-vous faire ?",
    notSure: "Je ne suis pas sûr de la réponse. Voulez-vous que je fasse venir une personne de l'équipe ?",
    cancelled: "Pas de souci, j'ai arrêté. Puis-je vous aider pour autre chose ?",
    fromArticle: "Extrait de « {title} » :\n\n{text}",
    modelBusy: "Je ne peux donner qu'une réponse courte pour l'instant. Une personne de l'équipe peut vous aider pour le reste : il suffit de la demander.",
  },
  es: {
    greeting: "¡Hola! Soy {name}, el asistente de {shop}. Puedo responder preguntas, revisar un pedido o iniciar una devolución. ¿En qué puedo ayudarte?",
    handoffNotice: "Una persona del equipo de {shop} te responderá aquí lo antes posible. Puedes seguir escribiendo: lo verá todo.",
    teamWillAnswer: "Gracias, tu mensaje está con el equipo de {shop}. Una persona te responderá aquí.",
    handingOff: "Claro. Le pido a una persona del equipo que se una a este chat.",
    askOrderNumber: "Claro. ¿Cuál es tu número de pedido? Es como #1001 y está en tu correo de confirmación.",
    askEmail: "Gracias. ¿Y el correo electrónico que usaste para el pedido {order}?",
    notFound: "No encontré ningún pedido con ese número y correo. Revisa ambos y envía de nuevo el número de pedido.",
    thanks: "¡De nada! ¿Puedo ayudarte con algo más?",
    hello: "¡Hola! Puedo responder preguntas, revisar un pedido o iniciar una devolución. ¿Qué te gustaría hacer?",
    notSure: "No estoy seguro de eso. ¿Quieres que llame a una persona del equipo?",
    cancelled: "Sin problema, lo he detenido. ¿En qué más puedo ayudarte?",
    fromArticle: "De «{title}»:\n\n{text}",
    modelBusy: "Ahora solo puedo darte una respuesta breve. Una persona del equipo puede ayudarte con lo demás: solo pídela.",
  },
  de: {
    greeting: "Hallo! Ich bin {name}, der Assistent von {shop}. Ich beantworte Fragen, prüfe Bestellungen oder starte eine Rücksendung. Wie kann ich helfen?",
    handoffNotice: "Jemand aus dem Team von {shop} antwortet hier, so bald wie möglich. Sie können weiterschreiben: Das Team sieht alles.",
    teamWillAnswer: "Danke, Ihre Nachricht ist beim Team von {shop}. Eine Person antwortet hier.",
    handingOff: "Gern. Ich bitte jemanden aus dem Team, in diesen Chat zu kommen.",
    askOrderNumber: "Gern. Wie lautet Ihre Bestellnummer? Sie sieht aus wie #1001 und steht in Ihrer Bestätigungs-E-Mail.",
    askEmail: "Danke. Und die E-Mail-Adresse der Bestellung {order}?",
    notFound: "Ich habe keine Bestellung mit dieser Nummer und E-Mail gefunden. Bitte prüfen Sie beides und senden Sie die Bestellnummer erneut.",
    thanks: "Gern geschehen! Kann ich sonst noch helfen?",
    hello: "Hallo! Ich beantworte Fragen, prüfe Bestellungen oder starte eine Rücksendung. Was möchten Sie tun?",
    notSure: "Da bin ich mir nicht sicher. Soll ich jemanden aus dem Team dazuholen?",
    cancelled: "Kein Problem, ich habe das abgebrochen. Wobei kann ich sonst helfen?",
    fromArticle: "Aus „{title}“:\n\n{text}",
    modelBusy: "Ich kann gerade nur kurz antworten. Bei allem Weiteren hilft jemand aus dem Team: Fragen Sie einfach danach.",
  },
};

/** A phrase in `language` (English when that language lacks it) with `{placeholders}` filled in. */
export function phrase(language: Language, key: PhraseKey, vars: Record<string, string | number> = {}): string {
  const template = TABLES[language][key] ?? EN[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** The language to answer in: the shop's setting unless it is `auto`, else the shopper's locale, else English. */
export function pickLanguage(setting: string | undefined, locale: string | null | undefined, detected?: Language | null): Language {
  for (const candidate of [setting && setting !== "auto" ? setting : null, detected ?? null, locale ?? null]) {
    const code = candidate?.slice(0, 2).toLowerCase();
    if (code && (LANGUAGES as readonly string[]).includes(code)) return code as Language;
  }
  return "en";
}
