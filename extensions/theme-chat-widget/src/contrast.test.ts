import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accentColors, contrastRatio, DEFAULT_ACCENT, luminance, normalizeHex } from "./contrast";

describe("accent colours", () => {
  it("normalises hex colours and refuses anything else", () => {
    expect(normalizeHex("#ABC")).toBe("#aabbcc");
    expect(normalizeHex("1d4ed8")).toBe("#1d4ed8");
    expect(normalizeHex(" #FFD400 ")).toBe("#ffd400");
    for (const bad of ["", "red", "#12345", "rgb(0,0,0)", "#ggg", "#ffd400;background:url(x)", null, undefined]) expect(normalizeHex(bad), String(bad)).toBeNull();
  });

  it("measures luminance and contrast as WCAG 2 does", () => {
    expect(luminance("#ffffff")).toBe(1);
    expect(luminance("#000000")).toBe(0);
    expect(contrastRatio("#000000", "#ffffff")).toBe(21);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("puts black text on light accents and white text on dark ones", () => {
    expect(accentColors("#ffd400")).toEqual({ accent: "#ffd400", onAccent: "#000000" });
    expect(accentColors("#f0f0f0").onAccent).toBe("#000000");
    expect(accentColors("#1d4ed8")).toEqual({ accent: "#1d4ed8", onAccent: "#ffffff" });
    expect(accentColors("#0b3d2e").onAccent).toBe("#ffffff");
    expect(accentColors("not a colour")).toEqual({ accent: DEFAULT_ACCENT, onAccent: "#ffffff" });
  });

  it("keeps text on any accent at a contrast of at least 4.5:1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const { accent, onAccent } = accentColors(`#${n.toString(16).padStart(6, "0")}`);
        return contrastRatio(accent, onAccent) >= 4.5;
      }),
      { numRuns: 2000 },
    );
  });
});
