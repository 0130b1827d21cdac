import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { callsPageData, CallsPageIntent, connectCallProvider, disconnectCallProvider, runCallTest, saveCallSettingsForm } from "../.server/call-admin/calls-admin.server";
import { runIntent } from "../.server/http/run-intent.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { ScrollableDataTable } from "../components/ScrollableDataTable";
import { useActionResult } from "../components/use-action-result";
import { formatShopDateTime, useShopTimeZone } from "../components/shop-time";
import { useToast } from "../components/toast";

export const meta: MetaFunction = () => [{ title: "Set up calls · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  return callsPageData(ctx);
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData());
  return runIntent(
    form,
    CallsPageIntent,
    async (input) => {
      const name = (kind: "elevenlabs" | "tavus") => (kind === "elevenlabs" ? "ElevenLabs" : "Tavus");
      switch (input.intent) {
        case "connect":
          await connectCallProvider(ctx, input.kind, form);
          return { message: `${name(input.kind)} connected` };
        case "disconnect":
          await disconnectCallProvider(ctx, input.kind);
          return { message: `${name(input.kind)} disconnected` };
        case "settings":
          await saveCallSettingsForm(ctx, form);
          return { message: "Call settings saved" };
        case "test": {
          const test = await runCallTest(ctx, input.kind);
          return { message: test.ok ? `${name(input.kind)} test passed` : `${name(input.kind)} test failed`, test };
        }
      }
    },
    {},
  );
}

type Answer = { ok: true; message: string } | { ok: false; intent: string | null; error: string; fields?: Record<string, string> };
type Status = "connected" | "failing" | "disconnected";

function StatusBadge({ status }: { status: Status }) {
  return <Badge tone={status === "connected" ? "success" : status === "failing" ? "critical" : undefined}>{status === "connected" ? "Connected" : status === "failing" ? "Failing" : "Not connected"}</Badge>;
}

/** One form that answers through its own fetcher: its failure banner, its field errors, a toast on success. */
function useForm(onSaved?: () => void) {
  const fetcher = useFetcher<Answer>();
  const toast = useToast();
  useActionResult(fetcher.data, (answer) => {
    if (!answer.ok) return;
    toast.show(answer.message);
    onSaved?.();
  });
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  return { fetcher, error: failed?.error ?? null, fields: failed?.fields ?? {}, busy: fetcher.state !== "idle" };
}

function Copyable({ label, value }: { label: string; value: string | null }) {
  if (!value) return null;
  return (
    <Text as="p">
      {label}: <code>{value}</code>
    </Text>
  );
}

function DisconnectButton({ kind, label }: { kind: "elevenlabs" | "tavus"; label: string }) {
  const fetcher = useFetcher<Answer>();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="disconnect" />
      <input type="hidden" name="kind" value={kind} />
      <Button submit tone="critical" variant="plain" loading={fetcher.state !== "idle"}>
        {`Disconnect ${label}`}
      </Button>
    </fetcher.Form>
  );
}

function TestButton({ kind, label, disabled }: { kind: "elevenlabs" | "tavus"; label: string; disabled: boolean }) {
  const { fetcher, error, busy } = useForm();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="test" />
      <input type="hidden" name="kind" value={kind} />
      <BlockStack gap="100">
        <Button submit loading={busy} disabled={disabled}>
          {label}
        </Button>
        {error ? <Text as="p" tone="critical">{error}</Text> : null}
      </BlockStack>
    </fetcher.Form>
  );
}

function VoiceCard({ voice }: { voice: ReturnType<typeof useLoaderData<typeof loader>>["voice"] }) {
  const [apiKey, setApiKey] = useState("");
  const [webhookSecret, setWebhookSecret] = useState("");
  // Secrets are write-only: once saved they leave the form too.
  const { fetcher, error, fields, busy } = useForm(() => {
    setApiKey("");
    setWebhookSecret("");
  });
  const [phoneNumberId, setPhoneNumberId] = useState(voice.phoneNumberId ?? "");
  const [voiceId, setVoiceId] = useState(voice.voiceId ?? "");
  const connected = voice.status !== "disconnected";
  return (
    <Layout.AnnotatedSection
      id="voice"
      title="Voice calls (ElevenLabs)"
      description="Your own ElevenLabs account speaks for the shop: shoppers call from the chat, and with a Twilio number in ElevenLabs your agent answers and places phone calls. Dokani creates the agent from your assistant settings and return policy and keeps it up to date."
    >
      <Card>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="connect" />
          <input type="hidden" name="kind" value="elevenlabs" />
          <BlockStack gap="300">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                ElevenLabs account
              </Text>
              <StatusBadge status={voice.status} />
            </InlineStack>
            {voice.lastError ? (
              <Banner tone="warning" title="ElevenLabs reported a problem">
                <p>{voice.lastError}</p>
              </Banner>
            ) : null}
            {error ? (
              <Banner tone="critical" title="ElevenLabs was not connected">
                <p>{error}</p>
              </Banner>
            ) : null}
            <TextField
              label="API key"
              name="apiKey"
              type="password"
              value={apiKey}
              onChange={setApiKey}
              autoComplete="off"
              error={fields.apiKey}
              helpText={connected ? "Stored encrypted and never shown again: enter it to save changes." : "Checked with ElevenLabs, then stored encrypted."}
            />
            <TextField
              label="Post-call webhook secret"
              name="webhookSecret"
              type="password"
              value={webhookSecret}
              onChange={setWebhookSecret}
              autoComplete="off"
              error={fields.webhookSecret}
              helpText="The secret ElevenLabs shows when you add the post-call webhook below (Agents platform settings)."
            />
            <TextField label="Phone number id (optional)" name="phoneNumberId" value={phoneNumberId} onChange={setPhoneNumberId} autoComplete="off" error={fields.phoneNumberId} helpText="The id of your Twilio number in ElevenLabs, to place and answer phone calls." />
            <TextField label="Voice id (optional)" name="voiceId" value={voiceId} onChange={setVoiceId} autoComplete="off" error={fields.voiceId} helpText="An ElevenLabs voice; leave empty for the agent's default voice." />
            <BlockStack gap="100">
              <Copyable label="Post-call webhook URL to paste in ElevenLabs" value={voice.webhookUrl} />
              <Copyable label="Agent id" value={voice.agentId} />
            </BlockStack>
            <InlineStack align="space-between" blockAlign="center">
              {connected ? <DisconnectButton kind="elevenlabs" label="ElevenLabs" /> : <span />}
              <Button submit variant="primary" loading={busy} disabled={!apiKey.trim() || !webhookSecret.trim()}>
                {connected ? "Save" : "Connect ElevenLabs"}
              </Button>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
      </Card>
    </Layout.AnnotatedSection>
  );
}

function VideoCard({ video }: { video: ReturnType<typeof useLoaderData<typeof loader>>["video"] }) {
  const [apiKey, setApiKey] = useState("");
  const { fetcher, error, fields, busy } = useForm(() => setApiKey(""));
  const [replicaId, setReplicaId] = useState(video.replicaId ?? "");
  const [personaId, setPersonaId] = useState(video.personaManaged ? "" : (video.personaId ?? ""));
  const connected = video.status !== "disconnected";
  return (
    <Layout.AnnotatedSection
      id="video"
      title="Video calls (Tavus)"
      description="A Tavus face (replica) answers shoppers on video from the chat. Leave the persona empty and Dokani creates one from your assistant settings and policy, and keeps it up to date."
    >
      <Card>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="connect" />
          <input type="hidden" name="kind" value="tavus" />
          <BlockStack gap="300">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                Tavus account
              </Text>
              <StatusBadge status={video.status} />
            </InlineStack>
            {video.lastError ? (
              <Banner tone="warning" title="Tavus reported a problem">
                <p>{video.lastError}</p>
              </Banner>
            ) : null}
            {error ? (
              <Banner tone="critical" title="Tavus was not connected">
                <p>{error}</p>
              </Banner>
            ) : null}
            <TextField
              label="API key"
              name="apiKey"
              type="password"
              value={apiKey}
              onChange={setApiKey}
              autoComplete="off"
              error={fields.apiKey}
              helpText={connected ? "Stored encrypted and never shown again: enter it to save changes." : "Checked with Tavus, then stored encrypted."}
            />
            <TextField label="Face (replica) id" name="replicaId" value={replicaId} onChange={setReplicaId} autoComplete="off" error={fields.replicaId} helpText="The Tavus replica that appears on the call, such as r123abc." />
            <TextField label="Persona (PAL) id (optional)" name="personaId" value={personaId} onChange={setPersonaId} autoComplete="off" error={fields.personaId} helpText="Your own Tavus persona; leave empty for one Dokani manages." />
            <Copyable label={video.personaManaged ? "Persona Dokani manages" : "Persona"} value={video.personaId} />
            <InlineStack align="space-between" blockAlign="center">
              {connected ? <DisconnectButton kind="tavus" label="Tavus" /> : <span />}
              <Button submit variant="primary" loading={busy} disabled={!apiKey.trim() || !replicaId.trim()}>
                {connected ? "Save" : "Connect Tavus"}
              </Button>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
      </Card>
    </Layout.AnnotatedSection>
  );
}

function SettingsCard({ settings }: { settings: ReturnType<typeof useLoaderData<typeof loader>>["settings"] }) {
  const { fetcher, error, fields, busy } = useForm();
  const [voiceEnabled, setVoiceEnabled] = useState(settings.voiceEnabled);
  const [videoEnabled, setVideoEnabled] = useState(settings.videoEnabled);
  const [minutes, setMinutes] = useState(String(Math.round(settings.maxDurationSeconds / 60)));
  const [concurrent, setConcurrent] = useState(String(settings.maxConcurrentCalls));
  return (
    <Layout.AnnotatedSection id="switches" title="Calls in your store" description="Shoppers see Call and Video buttons in the chat only for what you switch on here and have connected.">
      <Card>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="settings" />
          <BlockStack gap="300">
            {error ? (
              <Banner tone="critical" title="The call settings were not saved">
                <p>{error}</p>
              </Banner>
            ) : null}
            <Checkbox label="Voice calls" name="voiceEnabled" checked={voiceEnabled} onChange={setVoiceEnabled} helpText="The chat's Call button, and phone calls your agent answers or places." />
            <Checkbox label="Video calls" name="videoEnabled" checked={videoEnabled} onChange={setVideoEnabled} helpText="The chat's Video button." />
            <InlineGrid columns={2} gap="300">
              <TextField label="Longest call (minutes)" name="maxDurationMinutes" type="number" min={1} max={60} value={minutes} onChange={setMinutes} autoComplete="off" error={fields.maxDurationMinutes} helpText="The provider ends a call then." />
              <TextField label="Calls at once" name="maxConcurrentCalls" type="number" min={1} max={50} value={concurrent} onChange={setConcurrent} autoComplete="off" error={fields.maxConcurrentCalls} helpText="More callers are asked to keep chatting." />
            </InlineGrid>
            <InlineStack align="end">
              <Button submit variant="primary" loading={busy}>
                Save
              </Button>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
      </Card>
    </Layout.AnnotatedSection>
  );
}

/** Connecting the call providers, switching calls on, the limits, tests and this month's minutes. */
export default function CallsSetup() {
  const data = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  return (
    <Page title="Set up calls" backAction={{ content: "Calls", url: "/app/calls" }} subtitle="AI voice and video calls with your own ElevenLabs and Tavus accounts.">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {`Minutes this month (${data.usage.month}, UTC)`}
              </Text>
              <ScrollableDataTable
                label="Minutes this month"
                columnContentTypes={["text", "numeric", "numeric"]}
                headings={["Kind", "Calls", "Minutes"]}
                rows={[
                  ["Voice", data.usage.voice.calls, data.usage.voice.minutes],
                  ["Video", data.usage.video.calls, data.usage.video.minutes],
                ]}
              />
              <Text as="p" tone="subdued">
                Each call counts in whole minutes, rounded up, as the providers bill.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <SettingsCard settings={data.settings} />
        <VoiceCard voice={data.voice} />
        <VideoCard video={data.video} />
        <Layout.AnnotatedSection id="tests" title="Tests" description="A real request to the provider that costs nothing: ElevenLabs checks your agent and its tools, Tavus makes a test conversation the face does not join.">
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="300">
                <TestButton kind="elevenlabs" label="Test the voice agent" disabled={data.voice.status === "disconnected"} />
                <TestButton kind="tavus" label="Test the video persona" disabled={data.video.status === "disconnected"} />
              </InlineStack>
              {data.tests.length === 0 ? (
                <Text as="p" tone="subdued">
                  No tests yet.
                </Text>
              ) : (
                <ScrollableDataTable
                  label="Call tests"
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={["When", "Provider", "Result", "Details"]}
                  rows={data.tests.map((t) => [formatShopDateTime(t.at, timeZone), t.kind === "elevenlabs" ? "ElevenLabs" : "Tavus", t.ok ? "Passed" : "Failed", t.message])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
