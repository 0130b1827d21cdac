import { describe, expect, it } from "vitest";
import { claimsMatchDecision, createOutcomeGuard, findOutcomeClaims } from "./guards";

function stream(text: string, decision?: { status: string; resolution: string }, size = 5) {
  const guard = createOutcomeGuard();
  if (decision) guard.decide(decision);
  let out = "";
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    const piece = guard.push(text.slice(i, i + size));
    if (piece) pieces.push(piece);
    out += piece;
  }
  out += guard.flush();
  return { out, pieces, dropped: guard.dropped };
}

describe("the outcome guard", () => {
  it.each([
    ["en", "Done! I have approved your return."],
    ["en", "Your refund has been issued."],
    ["en", "Your exchange has been approved and is on its way."],
    ["fr", "C'est fait, j'ai approuvé votre retour."],
    ["fr", "Votre retour a été accepté."],
    ["es", "¡Listo! Tu devolución ha sido aprobada."],
    ["es", "Tu reembolso fue procesado, te hemos reembolsado."],
    ["de", "Erledigt! Ihre Rücksendung wurde genehmigt."],
    ["de", "Ich habe Ihnen den Betrag erstattet."],
  ])("drops a claimed outcome in %s without a decision: %s", (_language, claim) => {
    const { out, dropped } = stream(`Thanks for waiting. ${claim} Anything else?`);
    expect(out).toBe("Thanks for waiting. Anything else?");
    expect(dropped).toBeGreaterThanOrEqual(1);
  });

  it("keeps policy facts and questions that merely mention outcomes", () => {
    for (const text of ["Most requests are approved on the spot.", "Refunds take 5–10 business days to appear.", "Would you like a refund or store credit?"]) {
      expect(findOutcomeClaims(text)).toEqual([]);
      expect(stream(text).out).toBe(text);
    }
  });

  it("lets a sentence state exactly the engine's decision, and no other", () => {
    expect(stream("Your return is approved.", { status: "approved", resolution: "refund" }).out).toBe("Your return is approved.");
    expect(stream("Your return is approved.", { status: "denied", resolution: "refund" }).out).toBe("");
    expect(stream("I've refunded you.", { status: "approved", resolution: "store_credit" }).out).toBe("");
    expect(claimsMatchDecision(["exchanged"], { status: "approved", resolution: "exchange" })).toBe(true);
    expect(claimsMatchDecision(["declined"], undefined)).toBe(false);
  });

  it("streams ordinary sentences word by word instead of holding them to the end", () => {
    const { out, pieces } = stream("Hand wash merino in cool water and dry it flat on a towel.");
    expect(out).toBe("Hand wash merino in cool water and dry it flat on a towel.");
    expect(pieces.length).toBeGreaterThan(3);
  });
});
