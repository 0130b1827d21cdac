import { describe, expect, it } from "vitest";
import { lineReturnability } from "./line-returnability";
import { makeLine, makeOrder, makeRules } from "./test-fixtures";

const rules = makeRules();
const order = makeOrder(); // delivered 2026-11-04

describe("lineReturnability", () => {
  it("marks a line inside its window returnable and says when the window ends", () => {
    expect(lineReturnability(rules, makeLine(), order, new Date("2026-12-04T23:59:59.999Z"))).toEqual({
      returnable: true,
      reason: null,
      message: null,
      windowDays: 30,
      windowEndsAt: new Date("2026-12-04T23:59:59.999Z"),
    });
  });

  it("marks a line past its window, from the first instant of the next day", () => {
    expect(lineReturnability(rules, makeLine(), order, new Date("2026-12-05T00:00:00.000Z"))).toMatchObject({
      returnable: false,
      reason: "outside_window",
      message: "The 30-day return window for Linen Shirt ended on December 4, 2026.",
    });
  });

  it("uses the override's window and the order date when there is no delivery", () => {
    const swimsuit = makeLine({ title: "Sea Swimsuit", productType: "Swimwear" });
    const result = lineReturnability(rules, swimsuit, makeOrder({ deliveredAt: null }), new Date("2026-11-10T00:00:00.000Z"));
    expect(result).toMatchObject({ returnable: true, windowDays: 14, windowEndsAt: new Date("2026-11-15T23:59:59.999Z") });
  });

  it("says a non-returnable product type or tag blocks the line, whatever the date", () => {
    const now = new Date("2026-11-05T00:00:00.000Z");
    expect(lineReturnability(rules, makeLine({ title: "Gift Card", productType: "Gift Card" }), order, now)).toMatchObject({
      returnable: false,
      reason: "non_returnable_product_type",
      message: "Gift Card can't be returned: the store doesn't take back Gift Card items.",
    });
    expect(lineReturnability(rules, makeLine({ title: "Outlet Tee", tags: ["Final-Sale"] }), order, now)).toMatchObject({
      returnable: false,
      reason: "non_returnable_tag",
      message: "Outlet Tee is marked Final-Sale and can't be returned.",
    });
  });

  it("marks a line with nothing left to return, without blaming a rule", () => {
    expect(lineReturnability(rules, makeLine({ returnableQuantity: 0 }), order, new Date("2026-11-05T00:00:00.000Z"))).toMatchObject({
      returnable: false,
      reason: null,
      message: "Linen Shirt has already been returned.",
    });
  });
});
