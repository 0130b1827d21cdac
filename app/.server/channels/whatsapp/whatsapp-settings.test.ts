import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeTwilio, type FakeTwilio } from "../../../../tests/fakes/twilio";
import { merchantContext } from "../../../../tests/support/contexts";
import { createShop } from "../../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../../tests/support/test-database";
import { db } from "../../db.server";
import { parseEnv, resetEnv } from "../../env.server";
import { AppError } from "../../errors";
import { parseTemplateLines, saveWhatsAppSettings, whatsAppSettings } from "./whatsapp-settings.server";

setupTestDatabase();
let fake: FakeTwilio;
beforeAll(async () => {
  fake = await createFakeTwilio();
  resetEnv(parseEnv({ ...process.env, DOKANI_PUBLIC_URL: "https://dokani.example.com", TWILIO_API_BASE_URL: fake.url }));
});
beforeEach(() => clearDatabase());
afterAll(async () => {
  resetEnv(undefined);
  await fake?.close();
});

describe("the WhatsApp settings card", () => {
  it("reads one template a line", () => {
    expect(parseTemplateLines(`return_update HX${"a".repeat(32)} 1,2\n\n  order_ready HX${"b".repeat(32)}  `)).toEqual([
      { name: "return_update", contentSid: `HX${"a".repeat(32)}`, variables: ["1", "2"] },
      { name: "order_ready", contentSid: `HX${"b".repeat(32)}`, variables: [] },
    ]);
  });

  it("connects through Twilio's check and then shows the account, templates and URLs, never the token", async () => {
    const shop = await createShop({ platform: "demo" });
    const ctx = await merchantContext(shop);
    await saveWhatsAppSettings(ctx, { accountSid: fake.accountSid, authToken: fake.authToken, from: "whatsapp:+14155238886", templates: `return_update HX${"a".repeat(32)} 1,2` });
    const shown = await whatsAppSettings(shop.id);
    expect(shown).toMatchObject({ status: "connected", accountSid: fake.accountSid, templates: `return_update HX${"a".repeat(32)} 1,2`, webhookUrl: `https://dokani.example.com/webhooks/twilio/${shop.id}/whatsapp` });
    expect(JSON.stringify(shown)).not.toContain(fake.authToken);
    expect(await db().auditLog.count({ where: { shopId: shop.id, action: "connected" } })).toBe(1);
  });

  it("names the bad template line and saves nothing", async () => {
    const shop = await createShop({ platform: "demo" });
    const error = await saveWhatsAppSettings(await merchantContext(shop), { accountSid: fake.accountSid, authToken: fake.authToken, from: "whatsapp:+14155238886", templates: "Bad-Name HX1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(Object.keys((error as AppError).fields ?? {})).toEqual(expect.arrayContaining(["templates[0].name", "templates[0].contentSid"]));
    expect(await db().shopIntegration.count()).toBe(0);
  });
});
