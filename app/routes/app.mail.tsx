import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, EmptyState, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { db } from "../.server/db.server";
import { env } from "../.server/env.server";
import { listEmails } from "../.server/notifications/list-emails.server";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { formatShopDateTime, useShopTimeZone } from "../components/shop-time";

export const meta: MetaFunction = () => [{ title: "Emails to shoppers · Dokani" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await authenticateAdmin(request);
  return { emails: await listEmails(db(), shop.id), smtp: Boolean(env().SMTP_URL) };
}

const TONES = { sent: "success", captured: "info", queued: "attention", failed: "critical" } as const;
const STATUS_WORDS: Record<keyof typeof TONES, string> = { sent: "Sent", captured: "Kept here (no mail server)", queued: "Waiting to send", failed: "Not sent" };

/** Every email Dokani sent (or, without SMTP, kept) for shoppers of this store. */
export default function Mail() {
  const timeZone = useShopTimeZone();
  const { emails, smtp } = useLoaderData<typeof loader>();
  return (
    <Page
      title="Emails to shoppers"
      subtitle={smtp ? "Sent through your SMTP server." : "No SMTP server is configured, so emails are kept here instead of being sent."}
    >
      <Layout>
        <Layout.Section>
          {emails.length === 0 ? (
            <Card>
              <EmptyState heading="No emails yet" image="">
                <p>Shoppers get an email when their return is decided or completed.</p>
              </EmptyState>
            </Card>
          ) : (
            <BlockStack gap="300">
              {emails.map((email) => (
                <Card key={email.id}>
                  <BlockStack gap="200">
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <Text as="h2" variant="headingSm">
                        {email.subject}
                      </Text>
                      <Badge tone={TONES[email.status]}>{STATUS_WORDS[email.status]}</Badge>
                    </InlineStack>
                    <Text as="p" tone="subdued">
                      To {email.to} · {formatShopDateTime(email.createdAt, timeZone)}
                    </Text>
                    <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                      <Text as="p">
                        <span style={{ whiteSpace: "pre-wrap" }}>{email.text}</span>
                      </Text>
                    </Box>
                    {email.error ? (
                      <Text as="p" tone="critical">
                        {email.error}
                      </Text>
                    ) : null}
                  </BlockStack>
                </Card>
              ))}
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
