import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv, resetEnv } from "../env.server";
import { handleSimulatedTwilioApi, SIMULATOR_ACCOUNT_SID, SIMULATOR_TEMPLATE, simulatorThread, simulatorToken } from "./whatsapp-simulator.server";

beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1", DOKANI_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "wa-sim-")) })));
afterAll(() => resetEnv(undefined));

const messagesPath = `2010-04-01/Accounts/${SIMULATOR_ACCOUNT_SID}/Messages.json`;
async function post(form: Record<string, string>, token?: string) {
  const auth = `Basic ${Buffer.from(`${SIMULATOR_ACCOUNT_SID}:${token ?? (await simulatorToken())}`).toString("base64")}`;
  return handleSimulatedTwilioApi(new Request(`http://127.0.0.1/demo/twilio/${messagesPath}`, { method: "POST", headers: { Authorization: auth, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() }), messagesPath);
}

describe("the demo's phone simulator as a Twilio account", () => {
  it("refuses a wrong auth token with Twilio's 20003", async () => {
    const response = await post({ To: "whatsapp:+15005550006", From: "whatsapp:+14155238886", Body: "hi" }, "0".repeat(32));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 20003, message: "Authenticate" });
  });

  it("refuses a message without a body or template, and a template with malformed variables", async () => {
    expect((await post({ To: "whatsapp:+15005550006", From: "whatsapp:+14155238886" })).status).toBe(400);
    const bad = await post({ To: "whatsapp:+15005550006", From: "whatsapp:+14155238886", ContentSid: SIMULATOR_TEMPLATE.contentSid, ContentVariables: "{not json" });
    expect(await bad.json()).toMatchObject({ code: 21656 });
  });

  it("answers 201 with a queued SID and shows the filled template on the phone", async () => {
    const response = await post({ To: "whatsapp:+15005550006", From: "whatsapp:+14155238886", ContentSid: SIMULATOR_TEMPLATE.contentSid, ContentVariables: '{"1":"Alex","2":"#1001"}' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: "queued" });
    expect(simulatorThread().at(-1)).toMatchObject({ direction: "outbound", text: expect.stringContaining("Hi Alex") });
  });
});
