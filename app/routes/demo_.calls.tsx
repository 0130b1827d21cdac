import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { db } from "../.server/db.server";
import { connectCallSimulator, currentSimulatedCall, hangUpSimulatedCall, sayToSimulatedAgent, simulatorConnected, startSimulatedCall } from "../.server/demo/call-simulator.server";
import { env } from "../.server/env.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";

export const meta: MetaFunction = () => [{ title: "Voice call simulator · Demo" }];

async function demoShop() {
  if (env().mode !== "demo") throw new Response("Not found", { status: 404 });
  const shop = await db().shop.findUnique({ where: { platform_domain: { platform: "demo", domain: DEMO_SHOP_DOMAIN } } });
  if (!shop) throw new Response("The demo shop has not been seeded yet.", { status: 503 });
  return shop;
}

export async function loader(_: LoaderFunctionArgs) {
  const shop = await demoShop();
  const call = currentSimulatedCall();
  return { shopName: shop.name, connected: await simulatorConnected(shop.id), call };
}

export async function action({ request }: ActionFunctionArgs) {
  const shop = await demoShop();
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "connect") {
    await connectCallSimulator(shop.id);
    return { ok: true, message: null };
  }
  if (intent === "start") {
    const email = String(form.get("email") ?? "").trim().slice(0, 200) || "alex@example.com";
    const started = await startSimulatedCall(shop, email);
    return { ok: started.ok, message: started.message ?? null };
  }
  if (intent === "hangup") {
    const ended = await hangUpSimulatedCall(shop.id);
    return { ok: ended.status === 200, message: ended.status === 200 ? null : `The post-call webhook answered ${ended.status}.` };
  }
  const text = String(form.get("text") ?? "").trim().slice(0, 500);
  if (text) await sayToSimulatedAgent(text);
  return { ok: true, message: null };
}

/** A voice call without an ElevenLabs account: the simulator plays ElevenLabs and the caller types, on Dokani's real call paths. */
export default function CallSimulator() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const input = useRef<HTMLInputElement>(null);
  const busy = navigation.state !== "idle";
  const live = data.call?.status === "in-progress";
  useEffect(() => {
    if (navigation.state === "idle" && input.current) input.current.value = "";
  }, [navigation.state]);
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 960, margin: "24px auto", padding: "0 16px", display: "flex", gap: 32, flexWrap: "wrap" }}>
      <section aria-labelledby="about" style={{ flex: "1 1 320px" }}>
        <h1 id="about">A voice call without an ElevenLabs account</h1>
        <p>
          This page plays ElevenLabs&apos; part. The call starts through the storefront&apos;s real <code>POST /proxy/calls</code>; the simulated agent
          answers what you type by calling the tools Dokani registered on it (the same order lookup, return checks and help search as the chat); hanging
          up sends ElevenLabs&apos; signed post-call webhook, and the transcript lands in the merchant inbox.
        </p>
        <p>Try: &ldquo;my order is 1001 and my email is alex@example.com&rdquo;, then &ldquo;can I return it?&rdquo;.</p>
        {result?.message ? <p role="alert">{result.message}</p> : null}
        {data.connected ? (
          live ? (
            <Form method="post">
              <input type="hidden" name="intent" value="hangup" />
              <button type="submit" disabled={busy}>
                Hang up
              </button>
            </Form>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              <label htmlFor="caller-email">Your email (the chat the call starts from)</label>{" "}
              <input id="caller-email" name="email" type="email" defaultValue="alex@example.com" />{" "}
              <button type="submit" disabled={busy}>
                Call the shop
              </button>
            </Form>
          )
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="connect" />
            <button type="submit" disabled={busy}>
              Connect the demo shop&apos;s voice agent to this simulator (and switch voice calls on)
            </button>
          </Form>
        )}
        {data.call?.status === "done" && data.call.chatId ? (
          <p>
            The call has ended. Open its conversation in the <a href={`/app/conversations/${data.call.chatId}`}>merchant inbox</a>.
          </p>
        ) : null}
        <p>
          <a href="/demo">Back to the storefront</a>
        </p>
      </section>
      <section aria-label="Call" style={{ flex: "0 0 360px", border: "1px solid #ccc", borderRadius: 16, minHeight: 420, display: "flex", flexDirection: "column" }}>
        <header style={{ background: "#1f2937", color: "white", padding: "12px 16px", borderRadius: "16px 16px 0 0" }}>
          <strong>{data.shopName}</strong>
          <div style={{ fontSize: 12 }}>{live ? "On a call" : data.call ? "Call ended" : "No call"}</div>
        </header>
        <ol aria-label="Transcript" aria-live="polite" style={{ listStyle: "none", margin: 0, padding: 12, flex: 1, display: "flex", flexDirection: "column", gap: 8 }}>
          {(data.call?.transcript ?? []).map((turn, i) => (
            <li key={i} style={{ alignSelf: turn.role === "user" ? "flex-end" : "flex-start", background: turn.role === "user" ? "#dbeafe" : "#f3f4f6", padding: "6px 10px", borderRadius: 8, maxWidth: "85%" }}>
              {turn.message}
            </li>
          ))}
        </ol>
        <Form method="post" style={{ display: "flex", gap: 8, padding: 8 }}>
          <input type="hidden" name="intent" value="say" />
          <label htmlFor="caller-text" style={{ position: "absolute", left: -9999 }}>
            What you say
          </label>
          <input id="caller-text" ref={input} name="text" maxLength={500} placeholder="Say something" disabled={!live} style={{ flex: 1, padding: 8 }} />
          <button type="submit" disabled={!live || busy}>
            Say
          </button>
        </Form>
      </section>
    </main>
  );
}
