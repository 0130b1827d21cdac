import { Banner, BlockStack, Button, Card, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";

export type WhatsAppPanelData = { windowClosesAt: string | null; templates: Array<{ name: string; variables: string[] }> };

function remaining(closesAt: string | null, now: number): number {
  return closesAt ? Math.max(0, new Date(closesAt).getTime() - now) : 0;
}

function formatLeft(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

/**
 * WhatsApp's 24-hour window on the conversation page: a countdown while the merchant may write
 * freely, and once it has closed, the shop's templates to send instead (a free-form reply would be
 * refused by WhatsApp with 63016, so the composer is not offered for it).
 */
export function WhatsAppWindow({ data, closed, fieldError }: { data: WhatsAppPanelData; closed: boolean; fieldError?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const left = remaining(data.windowClosesAt, now);
  const [template, setTemplate] = useState(data.templates[0]?.name ?? "");
  const [values, setValues] = useState<Record<string, string>>({});
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "whatsapp_template";
  const chosen = data.templates.find((t) => t.name === template);
  const complete = !!chosen && chosen.variables.every((v) => values[`${chosen.name}:${v}`]?.trim());

  if (left > 0) {
    return (
      <Banner tone="info" title={`WhatsApp window open: ${formatLeft(left)} left`}>
        <p>You can reply freely until 24 hours after the shopper&apos;s last message. After that, WhatsApp only accepts one of your templates.</p>
      </Banner>
    );
  }
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          WhatsApp window closed
        </Text>
        <Text as="p" tone="subdued">
          The shopper last wrote more than 24 hours ago, so WhatsApp only delivers a template until they write again.
        </Text>
        {data.templates.length === 0 ? (
          <Text as="p">Register templates (name, Content SID, variables) with the WhatsApp connection in Settings to reach this shopper.</Text>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="whatsapp_template" />
            <input type="hidden" name="template" value={template} />
            <input type="hidden" name="variables" value={JSON.stringify(Object.fromEntries((chosen?.variables ?? []).map((v) => [v, values[`${template}:${v}`] ?? ""])))} />
            <BlockStack gap="300">
              <Select label="Template" options={data.templates.map((t) => ({ label: t.name, value: t.name }))} value={template} onChange={setTemplate} />
              {chosen?.variables.map((v) => (
                <TextField
                  key={`${chosen.name}:${v}`}
                  label={`Variable {{${v}}}`}
                  value={values[`${chosen.name}:${v}`] ?? ""}
                  onChange={(value) => setValues((current) => ({ ...current, [`${chosen.name}:${v}`]: value }))}
                  maxLength={1024}
                  autoComplete="off"
                />
              ))}
              {fieldError ? (
                <Text as="p" tone="critical">
                  {fieldError}
                </Text>
              ) : null}
              <InlineStack align="end">
                <Button submit variant="primary" loading={busy} disabled={closed || !complete}>
                  Send template
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        )}
      </BlockStack>
    </Card>
  );
}
