import { describe, expect, it } from "vitest";
import { clientAddressFrom } from "./client-address";

describe("clientAddressFrom", () => {
  it("takes the entry the last trusted proxy added, never one the client wrote", () => {
    // Shopify's app proxy (one hop) appends the shopper's address to whatever the shopper sent.
    expect(clientAddressFrom("1.1.1.1, 203.0.113.9", "23.227.38.1", 1)).toBe("203.0.113.9");
    expect(clientAddressFrom("9.9.9.9, 8.8.8.8, 203.0.113.9", "23.227.38.1", 1)).toBe("203.0.113.9");
    // A load balancer in front adds a second hop.
    expect(clientAddressFrom("1.1.1.1, 203.0.113.9, 23.227.38.1", "10.0.0.2", 2)).toBe("203.0.113.9");
  });

  it("uses the connecting address when no proxy is trusted or none forwarded", () => {
    expect(clientAddressFrom("1.1.1.1", "203.0.113.9", 0)).toBe("203.0.113.9");
    expect(clientAddressFrom(null, "203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientAddressFrom("", "::ffff:203.0.113.9", 1)).toBe("203.0.113.9");
  });

  it("reads the left-most entry when a proxy overwrote the header, and drops ports and brackets", () => {
    expect(clientAddressFrom("203.0.113.9", "10.0.0.2", 3)).toBe("203.0.113.9");
    expect(clientAddressFrom("203.0.113.9:51234", "10.0.0.2", 1)).toBe("203.0.113.9");
    expect(clientAddressFrom("[2001:db8::7]:443", "10.0.0.2", 1)).toBe("2001:db8::7");
  });
});
