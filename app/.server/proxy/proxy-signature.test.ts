import { describe, expect, it } from "vitest";
import { isValidProxySignature, proxySignatureBase, signProxyParams } from "./proxy-signature";

// Shopify's documented example: secret "hush", a request for /apps/awesome_reviews/extra/path/components?extra=1&extra=2.
const SHOPIFY_EXAMPLE =
  "extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555";
const SHOPIFY_EXAMPLE_SIGNATURE = "4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb";

describe("the app proxy signature", () => {
  it("matches Shopify's documented example, repeated keys joined with commas", () => {
    const params = new URLSearchParams(SHOPIFY_EXAMPLE);
    expect(proxySignatureBase(params)).toBe(
      "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555",
    );
    expect(signProxyParams(params, "hush")).toBe(SHOPIFY_EXAMPLE_SIGNATURE);
  });

  it("accepts a fresh signed request and refuses stale, forged or tampered ones", () => {
    const now = 1_317_327_555_000;
    const params = new URLSearchParams(`${SHOPIFY_EXAMPLE}&signature=${SHOPIFY_EXAMPLE_SIGNATURE}`);
    expect(isValidProxySignature(params, "hush", now)).toBe(true);
    expect(isValidProxySignature(params, "hush", now + 91_000)).toBe(false);
    expect(isValidProxySignature(params, "hush", now - 91_000)).toBe(false);
    expect(isValidProxySignature(params, "wrong secret", now)).toBe(false);
    const tampered = new URLSearchParams(params);
    tampered.set("logged_in_customer_id", "2");
    expect(isValidProxySignature(tampered, "hush", now)).toBe(false);
    const unsigned = new URLSearchParams(SHOPIFY_EXAMPLE);
    expect(isValidProxySignature(unsigned, "hush", now)).toBe(false);
    const garbage = new URLSearchParams(params);
    garbage.set("signature", "zz");
    expect(isValidProxySignature(garbage, "hush", now)).toBe(false);
  });
});
