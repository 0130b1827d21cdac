import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { AppError } from "../.server/errors";
import { createEndpoint, deleteEndpoint, getEndpoint, listDeliveries, listEndpoints, replayDelivery, rotateEndpointSecret, toDeliveryView, toEndpointView, updateEndpoint } from "../.server/outgoing-webhooks/endpoints.server";
import { WEBHOOK_EVENT_TYPES } from "../components/automation/choices";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";

export const meta: MetaFunction = () => [{ title: "Webhooks · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const endpoints = await listEndpoints(ctx);
  return {
    endpoints: await Promise.all(endpoints.map(async (e) => ({ ...toEndpointView(e), deliveries: (await listDeliveries(ctx, e.id, 20)).map(toDeliveryView) }))),
  };
}

type Result = { ok: boolean; message?: string; secret?: string; fields?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs): Promise<Result> {
  const ctx = await authenticateAdmin(request);
  const form = await request.formData();
  const text = (k: string) => String(form.get(k) ?? "");
  try {
    switch (text("intent")) {
      case "create": {
        const { secret } = await createEndpoint(ctx, { url: text("url").trim(), events: form.getAll("events").map(String), description: text("description") || undefined });
        return { ok: true, message: "Endpoint registered. Copy its signing secret now: it is not shown again.", secret };
      }
      case "rotate": {
        const { secret } = await rotateEndpointSecret(ctx, text("endpointId"));
        return { ok: true, message: "New signing secret. The old one keeps signing too for 24 hours.", secret };
      }
      case "toggle": {
        const current = await getEndpoint(ctx, text("endpointId"));
        await updateEndpoint(ctx, current.id, { url: current.url, events: current.events, description: current.description ?? undefined, enabled: text("enabled") === "true" });
        return { ok: true };
      }
      case "delete":
        await deleteEndpoint(ctx, text("endpointId"));
        return { ok: true, message: "Endpoint deleted." };
      case "replay":
        await replayDelivery(ctx, text("endpointId"), text("deliveryId"));
        return { ok: true, message: "Sending it again." };
      default:
        return { ok: false, message: "That action is not one this page offers." };
    }
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return { ok: false, message: error.message, fields: error.fields };
    throw error;
  }
}

const TONE = { succeeded: "success", pending: "attention", failed: "critical", skipped: undefined } as const;

/** Endpoints that receive signed events, with their delivery log and a replay button. */
export default function Webhooks() {
  const { endpoints } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["return.created", "return.decided", "return.completed"]);
  return (
    <Page title="Webhooks" subtitle="Other systems follow returns, conversations and calls: each delivery is signed (Dokani-Signature) and retried for a day." backAction={{ content: "Automation", url: "/app/automation" }}>
      <Layout>
        {result?.message ? (
          <Layout.Section>
            <Banner tone={result.ok ? "success" : "critical"} title={result.message}>
              {result.secret ? (
                <Text as="p">
                  <code>{result.secret}</code>
                </Text>
              ) : null}
            </Banner>
          </Layout.Section>
        ) : null}
        {endpoints.map((e) => (
          <Layout.Section key={e.id}>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingSm">
                      {e.url}
                    </Text>
                    <Text as="p" tone="subdued">
                      {e.events.join(", ")}
                    </Text>
                  </BlockStack>
                  <InlineStack gap="200">
                    <Badge tone={e.enabled ? "success" : "critical"}>{e.enabled ? "On" : "Off"}</Badge>
                    {(["toggle", "rotate", "delete"] as const).map((intent) => (
                      <Form method="post" key={intent}>
                        <input type="hidden" name="intent" value={intent} />
                        <input type="hidden" name="endpointId" value={e.id} />
                        <input type="hidden" name="enabled" value={String(!e.enabled)} />
                        <Button submit tone={intent === "delete" ? "critical" : undefined} variant={intent === "delete" ? "plain" : undefined}>
                          {intent === "toggle" ? (e.enabled ? "Switch off" : "Switch on") : intent === "rotate" ? "Rotate secret" : "Delete"}
                        </Button>
                      </Form>
                    ))}
                  </InlineStack>
                </InlineStack>
                {e.disabledReason ? <Banner tone="critical" title="Switched off">{e.disabledReason}</Banner> : null}
                {e.deliveries.length === 0 ? <Text as="p" tone="subdued">No deliveries yet.</Text> : null}
                {e.deliveries.map((d) => (
                  <Box key={d.id} padding="200" background="bg-surface-secondary" borderRadius="200">
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <InlineStack gap="200" blockAlign="center">
                        <Badge tone={TONE[d.status as keyof typeof TONE]}>{d.status}</Badge>
                        <Text as="span">{d.eventType}</Text>
                        <Text as="span" tone="subdued">
                          {d.responseStatus ? `HTTP ${d.responseStatus}` : (d.error ?? "not sent yet")} {d.responseMs !== null ? `· ${d.responseMs} ms` : ""} · {d.attempts} attempt{d.attempts === 1 ? "" : "s"} · {new Date(d.createdAt).toLocaleString()}
                        </Text>
                      </InlineStack>
                      <Form method="post">
                        <input type="hidden" name="intent" value="replay" />
                        <input type="hidden" name="endpointId" value={e.id} />
                        <input type="hidden" name="deliveryId" value={d.id} />
                        <Button submit disabled={!e.enabled}>
                          Replay
                        </Button>
                      </Form>
                    </InlineStack>
                  </Box>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        ))}
        <Layout.Section>
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="create" />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Register an endpoint
                </Text>
                <TextField label="Address (https://…)" name="url" value={url} onChange={setUrl} autoComplete="off" error={result?.fields?.url} />
                <InlineStack gap="300" wrap>
                  {WEBHOOK_EVENT_TYPES.map((type) => (
                    <Checkbox key={type} label={type} name="events" value={type} checked={events.includes(type)} onChange={(on) => setEvents((list) => (on ? [...list, type] : list.filter((t) => t !== type)))} />
                  ))}
                </InlineStack>
                {result?.fields?.events ? <Text as="p" tone="critical">{result.fields.events}</Text> : null}
                <Button submit variant="primary">
                  Register
                </Button>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
