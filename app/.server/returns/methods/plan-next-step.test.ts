import { describe, expect, it } from "vitest";
import { ReturnMethodsSchema } from "../../shops/shop-settings";
import { planNextStep, RETURN_METHODS } from "./plan-next-step";
import type { ReturnMethod } from "./types";

const ID = "1a2b3c4d-0000-4000-8000-000000000000";
const settings = (patch: Record<string, unknown>) => ReturnMethodsSchema.parse(patch);
const ADDRESS = "Returns Dept.\n12 Harbour Road\nPortland, OR 97201";

describe("planNextStep", () => {
  it("asks for the parcel by a date counted in the shop's time zone, with the address, the packing note and the reference", () => {
    // 03:00 UTC on December 2 is still December 1 in Los Angeles: 14 days from there is December 15.
    const step = planNextStep({
      settings: settings({ sendWithinDays: 14, ship: { enabled: true, address: ADDRESS, instructions: "Use the bag the order came in." } }),
      timeZone: "America/Los_Angeles",
      returnId: ID,
      valueCents: 4900,
      currency: "USD",
      approvedAt: new Date("2026-12-02T03:00:00Z"),
    });
    expect(step).toMatchObject({ kind: "send_back", reference: "R-1A2B3C4D", deadline: "2026-12-15", deadlineText: "Tuesday, December 15, 2026", timeZone: "America/Los_Angeles" });
    expect(step.summary).toBe("Send your items by Tuesday, December 15, 2026 (reference R-1A2B3C4D).");
    expect(step.options).toHaveLength(1);
    expect(step.options[0]).toMatchObject({ method: "ship", address: ADDRESS, showCode: false, labelUrl: null });
    expect(step.options[0]!.steps).toContain("Use the bag the order came in.");
    expect(step.options[0]!.steps.join(" ")).toContain("R-1A2B3C4D");

    // The same instant in Tokyo is already December 2.
    const tokyo = planNextStep({ settings: settings({ sendWithinDays: 14, ship: { address: ADDRESS } }), timeZone: "Asia/Tokyo", returnId: ID, valueCents: 4900, currency: "USD", approvedAt: new Date("2026-12-02T03:00:00Z") });
    expect(tokyo.deadline).toBe("2026-12-16");
  });

  it("offers the drop-off locations with the QR code beside shipping, and lets low-value returns keep the item", () => {
    const both = settings({
      ship: { address: ADDRESS },
      dropOff: { enabled: true, locations: [{ name: "Pearl District store", address: "1 NW 10th Ave, Portland", hours: "Mon–Sat 10–6" }] },
      keepItem: { enabled: true, maxValue: "15.00" },
    });
    const at = new Date("2026-12-02T12:00:00Z");
    const sent = planNextStep({ settings: both, timeZone: "UTC", returnId: ID, valueCents: 4900, currency: "USD", approvedAt: at });
    expect(sent.kind).toBe("send_back");
    expect(sent.options.map((o) => o.method)).toEqual(["ship", "drop_off"]);
    expect(sent.options[1]).toMatchObject({ showCode: true, title: "Drop it off at Pearl District store", locations: [{ name: "Pearl District store", hours: "Mon–Sat 10–6" }] });
    expect(sent.summary).toMatch(/^Send or drop off your items by Wednesday, December 16, 2026/);

    const kept = planNextStep({ settings: both, timeZone: "UTC", returnId: ID, valueCents: 1500, currency: "USD", approvedAt: at });
    expect(kept).toMatchObject({ kind: "keep_item", deadline: null, options: [] });
    expect(kept.summary).toContain("keep the items");
    // One cent over the limit needs a parcel again.
    expect(planNextStep({ settings: both, timeZone: "UTC", returnId: ID, valueCents: 1501, currency: "USD", approvedAt: at }).kind).toBe("send_back");
  });

  it("tells the shopper to wait when the store has set up no way back, rather than inventing one", () => {
    const step = planNextStep({ settings: settings({}), timeZone: "UTC", returnId: ID, valueCents: 4900, currency: "USD", approvedAt: new Date() });
    expect(step).toMatchObject({ kind: "await_instructions", deadline: null, options: [] });
    expect(step.summary).toBe("Keep the items for now: the store will email you how to send them back.");
  });

  it("takes another method (a carrier-label provider) through the same interface", () => {
    const labels: ReturnMethod = {
      kind: "ship",
      offers: () => true,
      option: ({ reference }) => ({ method: "ship", title: "Print your prepaid label", steps: [`Stick the label on the parcel (${reference}).`], note: null, address: null, locations: [], showCode: false, labelUrl: "https://labels.example/abc.pdf", carrier: "UPS" }),
    };
    const step = planNextStep({ settings: settings({}), timeZone: "UTC", returnId: ID, valueCents: 4900, currency: "USD", approvedAt: new Date("2026-12-02T12:00:00Z") }, [...RETURN_METHODS, labels]);
    expect(step.kind).toBe("send_back");
    expect(step.options).toEqual([expect.objectContaining({ labelUrl: "https://labels.example/abc.pdf", carrier: "UPS" })]);
  });
});
