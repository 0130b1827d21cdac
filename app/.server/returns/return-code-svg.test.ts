import { describe, expect, it } from "vitest";
import { decodeSvg } from "../../../tests/support/qr";
import { returnCodeSvg } from "./return-code-svg.server";

describe("returnCodeSvg", () => {
  it("draws the return's reference as a QR code that a scanner reads back", async () => {
    const svg = await returnCodeSvg("R-1A2B3C4D");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('shape-rendering="crispEdges"');
    expect(decodeSvg(svg)).toBe("R-1A2B3C4D");
    expect(decodeSvg(await returnCodeSvg("R-00FF00AA"))).toBe("R-00FF00AA");
  });
});
