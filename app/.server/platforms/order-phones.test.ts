import { describe, expect, it } from "vitest";
import { orderPhones } from "./order-phones";

describe("an order's phones", () => {
  it("are E.164 without repeats, national numbers placed by their address's country, anything else left out", () => {
    expect(
      orderPhones([
        { phone: "+1 (415) 555-0123" },
        { phone: "(415) 555-0123", country: "US" },
        { phone: "07700 900123", country: "gb" },
        { phone: "06 12 34 56 78", country: "FR" },
        { phone: "0044 7700 900456" },
        { phone: "call me" },
        { phone: "" },
        { phone: null },
        { phone: undefined, country: "DE" },
      ]),
    ).toEqual(["+14155550123", "+447700900123", "+33612345678", "+447700900456"]);
  });

});
