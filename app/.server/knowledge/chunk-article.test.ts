import { describe, expect, it } from "vitest";
import { MAX_CHUNK_CHARS, chunkArticle } from "./chunk-article";

describe("chunkArticle", () => {
  it("splits at level-two headings and heads the intro with the title", () => {
    const chunks = chunkArticle("Returns", "We take returns.\n\n## Window\nThirty days.\r\n## Refunds ##\nTo the card.\n### Detail\nStill refunds.");
    expect(chunks).toEqual([
      { heading: "Returns", text: "We take returns." },
      { heading: "Window", text: "Thirty days." },
      { heading: "Refunds", text: "To the card.\n### Detail\nStill refunds." },
    ]);
  });

  it("splits a long section at paragraph breaks and drops empty ones", () => {
    const paragraph = "word ".repeat(100).trim();
    const chunks = chunkArticle("Long", `## Empty\n\n## Big\n${Array.from({ length: 6 }, () => paragraph).join("\n\n")}`);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.heading === "Big" && c.text.length <= MAX_CHUNK_CHARS)).toBe(true);
    expect(chunks.map((c) => c.text).join("\n\n")).toBe(Array.from({ length: 6 }, () => paragraph).join("\n\n"));
  });
});
