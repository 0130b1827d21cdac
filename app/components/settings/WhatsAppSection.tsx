import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useToast } from "../toast";

type Props = {
  whatsapp: { status: "connected" | "failing" | "disconnected"; lastError: string | null; accountSid: string; from: string; templates: string; webhookUrl: string; statusCallbackUrl: string };
};

type Answer = { ok: true; message: string } | { ok: false; error: string; fields?: Record<string, string> | null };

/** The WhatsApp connection: the shop's Twilio account, checked with Twilio when saved, and the two URLs to paste in Twilio. */
export function WhatsAppSection({ whatsapp }: Props) {
  const fetcher = useFetcher<Answer>();
  const toast = useToast();
  const [accountSid, setAccountSid] = useState(whatsapp.accountSid);
  const [authToken, setAuthToken] = useState("");
  const [from, setFrom] = useState(whatsapp.from || "whatsapp:+");
  const [templates, setTemplates] = useState(whatsapp.templates);
  const answer = fetcher.data;
  const fields = answer && !answer.ok ? (answer.fields ?? {}) : {};
  useEffect(() => {
    if (answer?.ok) toast.show(answer.message);
  }, [answer, toast]);
  const templateError = Object.entries(fields).find(([k]) => k.startsWith("templates"))?.[1];
  return (
    <Layout.AnnotatedSection
      id="whatsapp"
      title="WhatsApp"
      description="Answer shoppers on WhatsApp through your own Twilio account. Templates (from Twilio's Content Template Builder) reach shoppers after WhatsApp's 24-hour window."
    >
      <Card>
        <fetcher.Form method="post" action="/app/settings/whatsapp">
          <input type="hidden" name="intent" value="whatsapp" />
          <BlockStack gap="300">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                Twilio account
              </Text>
              <Badge tone={whatsapp.status === "connected" ? "success" : whatsapp.status === "failing" ? "critical" : undefined}>
                {whatsapp.status === "connected" ? "Connected" : whatsapp.status === "failing" ? "Failing" : "Not connected"}
              </Badge>
            </InlineStack>
            {answer && !answer.ok ? (
              <Banner tone="critical" title="WhatsApp was not connected">
                <p>{answer.error}</p>
              </Banner>
            ) : null}
            <TextField label="Account SID" name="accountSid" value={accountSid} onChange={setAccountSid} autoComplete="off" error={fields.accountSid} placeholder="AC…" />
            <TextField
              label="Auth token"
              name="authToken"
              type="password"
              value={authToken}
              onChange={setAuthToken}
              autoComplete="off"
              error={fields.authToken}
              helpText={whatsapp.status === "disconnected" ? "Checked with Twilio, then stored encrypted." : "Stored encrypted and never shown again: enter it to save changes."}
            />
            <TextField label="WhatsApp sender" name="from" value={from} onChange={setFrom} autoComplete="off" error={fields.from} helpText="Your WhatsApp number in Twilio, as whatsapp:+14155238886." />
            <TextField
              label="Templates"
              name="templates"
              value={templates}
              onChange={setTemplates}
              multiline={3}
              autoComplete="off"
              error={templateError}
              helpText="One a line: name, Content SID and its variables, such as: return_update HX0123… 1,2"
            />
            <BlockStack gap="100">
              <Text as="p" fontWeight="semibold">
                Paste these in Twilio (your WhatsApp sender&apos;s settings)
              </Text>
              <Text as="p">
                When a message comes in: <code>{whatsapp.webhookUrl}</code>
              </Text>
              <Text as="p">
                Status callback URL: <code>{whatsapp.statusCallbackUrl}</code>
              </Text>
            </BlockStack>
            <InlineStack align="end">
              <Button submit variant="primary" loading={fetcher.state !== "idle"} disabled={!authToken.trim()}>
                {whatsapp.status === "disconnected" ? "Connect WhatsApp" : "Save"}
              </Button>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
      </Card>
    </Layout.AnnotatedSection>
  );
}
