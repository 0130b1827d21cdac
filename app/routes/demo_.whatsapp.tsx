import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { db } from "../.server/db.server";
import { ageSimulatorConversation, connectSimulator, SIMULATOR_ACCOUNT_SID, SIMULATOR_SHOPPER, sendFromPhone, simulatorThread } from "../.server/demo/whatsapp-simulator.server";
import { env } from "../.server/env.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";

export const meta: MetaFunction = () => [{ title: "WhatsApp phone simulator · Demo" }];

async function demoShop() {
  if (env().mode !== "demo") throw new Response("Not found", { status: 404 });
  const shop = await db().shop.findUnique({ where: { platform_domain: { platform: "demo", domain: DEMO_SHOP_DOMAIN } } });
  if (!shop) throw new Response("The demo shop has not been seeded yet.", { status: 503 });
  return shop;
}

export async function loader(_: LoaderFunctionArgs) {
  const shop = await demoShop();
  const integration = await db().shopIntegration.findUnique({ where: { shopId_kind: { shopId: shop.id, kind: "whatsapp" } } });
  const details = (integration?.details ?? {}) as { accountSid?: string };
  const connected = integration?.status === "connected" && details.accountSid === SIMULATOR_ACCOUNT_SID;
  const conversation = connected
    ? await db().conversation.findFirst({ where: { shopId: shop.id, channel: "whatsapp", metadata: { path: ["whatsapp", "address"], equals: SIMULATOR_SHOPPER } }, orderBy: { lastMessageAt: "desc" }, select: { id: true } })
    : null;
  // An order that carries the simulator's number: asking about it needs no email.
  const phoneOrder = await db().demoOrder.findFirst({ where: { shopId: shop.id, phone: SIMULATOR_SHOPPER.slice(9) }, orderBy: { processedAt: "desc" }, select: { name: true } });
  return { shopName: shop.name, connected, otherAccount: !!integration && !connected, thread: simulatorThread(), phone: SIMULATOR_SHOPPER.slice(9), conversationId: conversation?.id ?? null, phoneOrder: phoneOrder?.name ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const shop = await demoShop();
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "connect") {
    await connectSimulator(shop.id);
    return { ok: true };
  }
  if (intent === "age") {
    await ageSimulatorConversation(shop.id);
    return { ok: true };
  }
  const text = String(form.get("text") ?? "").trim().slice(0, 1600);
  if (!text) return { ok: false };
  const sent = await sendFromPhone(shop.id, text);
  return { ok: sent.status === 200 };
}

const TICKS: Record<string, string> = { queued: "🕓", sent: "✓", delivered: "✓✓", read: "✓✓ read", failed: "✗ not delivered" };

/** A phone that plays the shopper's WhatsApp and Twilio's part, on Dokani's real webhook path. */
export default function WhatsAppSimulator() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [revalidator]);
  useEffect(() => {
    if (navigation.state === "idle" && input.current) input.current.value = "";
  }, [navigation.state]);
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 960, margin: "24px auto", padding: "0 16px", display: "flex", gap: 32, flexWrap: "wrap" }}>
      <section aria-labelledby="about" style={{ flex: "1 1 320px" }}>
        <h1 id="about">WhatsApp without a Twilio account</h1>
        <p>
          This phone plays the shopper and Twilio. What you type is signed the way Twilio signs its webhooks and posted to Dokani&apos;s real
          WhatsApp webhook; Dokani&apos;s answers go out through the Twilio SDK to this simulator, which posts back signed status callbacks (sent,
          delivered, read).
        </p>
        {data.connected ? (
          <>
            <p>
              Connected as the simulated account. Open the conversation in the{" "}
              <a href={data.conversationId ? `/app/conversations/${data.conversationId}` : "/app/conversations"}>merchant inbox</a> to reply, watch the
              statuses, and see the 24-hour window.
            </p>
            {data.phoneOrder ? (
              <p>
                Order <strong>{data.phoneOrder}</strong> carries this phone&apos;s number, so asking &ldquo;Where is my order {data.phoneOrder}?&rdquo; is
                answered without an email. Any other order number gets a request for the order&apos;s email.
              </p>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="age" />
              <button type="submit">Pretend a day has passed (closes the 24-hour window)</button>
            </Form>
          </>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="connect" />
            {data.otherAccount ? <p>The demo shop is connected to another Twilio account; connecting the simulator replaces it.</p> : null}
            <button type="submit">Connect the demo shop&apos;s WhatsApp to this simulator</button>
          </Form>
        )}
        <p>
          <a href="/demo">Back to the storefront</a>
        </p>
      </section>
      <section aria-label={`Phone of ${data.phone}`} style={{ flex: "0 0 340px", border: "10px solid #222", borderRadius: 32, height: 600, display: "flex", flexDirection: "column", background: "#ece5dd" }}>
        <header style={{ background: "#075e54", color: "white", padding: "12px 16px", borderRadius: "20px 20px 0 0" }}>
          <strong>{data.shopName}</strong>
          <div style={{ fontSize: 12 }}>WhatsApp · you are {data.phone}</div>
        </header>
        <ol aria-label="Messages" aria-live="polite" style={{ listStyle: "none", margin: 0, padding: 12, flex: 1, overflowY: "auto", display: "flex", flexDirection: "column", gap: 8 }}>
          {data.thread.map((m) => (
            <li key={m.sid} style={{ alignSelf: m.direction === "inbound" ? "flex-end" : "flex-start", background: m.direction === "inbound" ? "#dcf8c6" : "white", padding: "6px 10px", borderRadius: 8, maxWidth: "80%", whiteSpace: "pre-wrap" }}>
              {m.text}
              {m.direction === "outbound" ? <div style={{ fontSize: 11, color: m.status === "failed" ? "#b00020" : "#555", textAlign: "right" }}>{`${TICKS[m.status] ?? m.status}${m.errorCode ? ` (${m.errorCode})` : ""}`}</div> : null}
            </li>
          ))}
        </ol>
        <Form method="post" style={{ display: "flex", gap: 8, padding: 8 }}>
          <input type="hidden" name="intent" value="send" />
          <label htmlFor="phone-text" style={{ position: "absolute", left: -9999 }}>
            Message
          </label>
          <input id="phone-text" ref={input} name="text" maxLength={1600} placeholder="Message" disabled={!data.connected} style={{ flex: 1, padding: 8, borderRadius: 16, border: "1px solid #ccc" }} />
          <button type="submit" disabled={!data.connected || navigation.state !== "idle"}>
            Send
          </button>
        </Form>
      </section>
    </main>
  );
}
