import { routeArgs } from "../../tests/support/route-args";
import { describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { setupTestDatabase } from "../../tests/support/test-database";
import { env } from "../.server/env.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { loader } from "./app";

setupTestDatabase();

describe("the admin outside demo mode", () => {
  it("sends a visitor without a Shopify session to log in, even when a demo store exists", async () => {
    expect(env().mode).not.toBe("demo");
    await createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });
    const outcome = await loader(routeArgs(new Request("http://localhost:3000/app"))).then(
      (data) => ({ data }),
      (thrown: unknown) => ({ thrown }),
    );
    expect("thrown" in outcome && outcome.thrown instanceof Response).toBe(true);
    const response = (outcome as { thrown: Response }).thrown;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/auth\/login/);
  });
});
