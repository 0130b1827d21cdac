import { describe, expect, it } from "vitest";
import { makeLine } from "./engine/test-fixtures";
import { assertRequestedItems } from "./validation";

const lines = [makeLine({ id: "a", title: "Linen Shirt", returnableQuantity: 2 }), makeLine({ id: "b", title: "Wool Coat", returnableQuantity: 0 })];
const fieldsOf = (items: Array<{ lineItemId: string; quantity: number }>) => {
  try {
    assertRequestedItems(lines, items);
    return null;
  } catch (error) {
    return { message: (error as Error).message, fields: (error as { fields?: unknown }).fields };
  }
};

describe("assertRequestedItems", () => {
  it("accepts distinct lines of the order in returnable quantities", () => {
    expect(fieldsOf([{ lineItemId: "a", quantity: 2 }])).toBeNull();
  });

  it("names one problem in a sentence of its own", () => {
    expect(fieldsOf([{ lineItemId: "a", quantity: 3 }])).toEqual({ message: "Only 2 of Linen Shirt can be returned.", fields: { "items[0].quantity": "must be at most 2" } });
    expect(fieldsOf([{ lineItemId: "b", quantity: 1 }])).toEqual({ message: "Wool Coat has already been returned.", fields: { "items[0].quantity": "nothing is left to return" } });
    expect(fieldsOf([])).toEqual({ message: "Choose at least one item to return.", fields: { items: "must list at least one item" } });
  });

  it("lists every problem by field when there are several", () => {
    expect(fieldsOf([{ lineItemId: "a", quantity: 0 }, { lineItemId: "a", quantity: 1 }, { lineItemId: "zz", quantity: 1 }, { lineItemId: "b", quantity: 1.5 }])).toEqual({
      message: "Some items cannot be returned as requested.",
      fields: {
        "items[0].quantity": "must be at least 1",
        "items[1].lineItemId": "appears more than once",
        "items[2].lineItemId": "is not an item of this order",
        "items[3].quantity": "nothing is left to return",
      },
    });
  });
});
