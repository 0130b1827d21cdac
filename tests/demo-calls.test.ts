import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnDemo, type DemoProcess } from "./support/spawn-demo";
import { JOURNEY_TIMEOUT_MS, START_HOOK_TIMEOUT_MS } from "./support/timeouts";

/**
 * The demo's voice call simulator, end to end on `npm run demo`: it connects the demo shop's agent
 * through the real connect path, starts a call through the storefront's `POST /proxy/calls`, answers
 * through the tool webhooks Dokani registered, and hangs up with a signed post-call webhook; the
 * merchant then finds the call and its transcript through the API and in the conversation.
 */
describe("the demo's voice call simulator", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dokani-demo-calls-"));
  let demo: DemoProcess;

  const ordersFile = path.join(dataDir, "orders.json");
  const day = 24 * 3600 * 1000;
  writeFileSync(
    ordersFile,
    JSON.stringify([
      { id: "5001", name: "#1001", email: "alex@example.com", currency: "USD", processedAt: new Date(Date.now() - 8 * day).toISOString(), deliveredAt: new Date(Date.now() - 5 * day).toISOString(), lineItems: [{ id: "9001", title: "Linen Shirt", variantTitle: "M", sku: "LS-M", quantity: 2, unitPrice: "49.00", productType: "Shirts", tags: ["summer"] }] },
    ]),
  );

  beforeAll(async () => {
    demo = await spawnDemo({ DOKANI_DATA_DIR: dataDir, DOKANI_DEMO_ORDERS: ordersFile });
  }, START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    if (demo?.child.exitCode === null) await demo.stop();
  });

  const act = async (form: Record<string, string>) => {
    const response = await fetch(`${demo.url}/demo/calls?index&_data=routes/demo_.calls`, { method: "POST", body: new URLSearchParams(form) });
    expect(response.status).toBe(200);
    return (await response.json()) as { ok: boolean; message: string | null };
  };
  const api = async (pathName: string) => {
    const response = await fetch(`${demo.url}${pathName}`, { headers: { authorization: `Bearer ${demo.apiKey}` } });
    return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it(
    "lands a simulated call, with the tools' answers, in the merchant's inbox",
    async () => {
      expect(await act({ intent: "connect" })).toMatchObject({ ok: true });
      const integrations = await api("/api/v1/integrations");
      expect(integrations.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "elevenlabs", status: "connected" })]));
      expect(await act({ intent: "start", email: "alex@example.com" })).toMatchObject({ ok: true });
      await act({ intent: "say", text: "Hi, can I return something?" });
      await act({ intent: "say", text: "My order is 1001 and my email is alex@example.com" });
      expect(await act({ intent: "hangup" })).toMatchObject({ ok: true });

      const list = await api("/api/v1/calls?kind=voice");
      expect(list.body.data).toHaveLength(1);
      const callId = list.body.data[0].id as string;
      // The post-call webhook is processed by a job: the call is read until it has ended (bounded by the test's timeout).
      let call = await api(`/api/v1/calls/${callId}`);
      while (call.body.status !== "ended") call = await api(`/api/v1/calls/${callId}`);
      expect(call.body).toMatchObject({ kind: "voice", provider: "elevenlabs", direction: "web", status: "ended", durationSeconds: expect.any(Number) });
      const said = (call.body.transcript as Array<{ speaker: string; text: string }>).map((t) => `${t.speaker}: ${t.text}`);
      expect(said).toContain("customer: My order is 1001 and my email is alex@example.com");
      // Asked about a return before proving an order, the agent's tool refused; after the proof it found the order.
      expect(said.some((line) => line.startsWith("ai: Before we talk about returns"))).toBe(true);
      expect(said.some((line) => line.startsWith("ai: Thanks, I found order #1001"))).toBe(true);
      const conversation = await api(`/api/v1/conversations/${call.body.conversationId}`);
      expect((conversation.body.messages as Array<{ channel: string }>).filter((m) => m.channel === "voice").length).toBe(said.length);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
