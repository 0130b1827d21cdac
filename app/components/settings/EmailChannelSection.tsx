import { BlockStack, Box, Card, Layout, List, Text } from "@shopify/polaris";

type Props = {
  /** The shop's inbound address, or null when the server has no inbound domain. */
  inboundAddress: string | null;
  /** The shop's own support address, when the email connection names one. */
  supportAddress: string | null;
  /** The embedded SMTP receiver's port, when it runs (the demo). */
  smtpPort: number | null;
  smtp: boolean;
};

/** The email channel: the address mail reaches the inbox at, and how to forward the shop's own mailbox to it. */
export function EmailChannelSection({ inboundAddress, supportAddress, smtpPort, smtp }: Props) {
  return (
    <Layout.AnnotatedSection id="email-channel" title="Email channel" description="Shoppers' emails land in the inbox and the AI answers them by email, in the same thread.">
      <Card>
        <BlockStack gap="300">
          {inboundAddress ? (
            <>
              <Text as="p">
                Your inbound address: <Text as="span" fontWeight="semibold">{inboundAddress}</Text>
              </Text>
              <Text as="h3" variant="headingSm">
                Forward your support mailbox to it
              </Text>
              <List type="number">
                <List.Item>
                  In the mailbox shoppers write to{supportAddress ? ` (${supportAddress})` : ""}, open the forwarding settings (Gmail: Settings, Forwarding and POP/IMAP; Outlook: Settings, Mail,
                  Forwarding; Google Workspace and Microsoft 365 admins can add a routing rule instead).
                </List.Item>
                <List.Item>Add {inboundAddress} as the forwarding address and confirm it: the confirmation mail arrives in this inbox as a conversation.</List.Item>
                <List.Item>Keep a copy in your own mailbox if you like. Replies from Dokani come back to {inboundAddress.replace(/^[^@]+/, "reply+…")}, so the shopper&apos;s answer threads here.</List.Item>
              </List>
              {smtpPort ? (
                <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                  <Text as="p" variant="bodySm">
                    This server also receives mail directly on 127.0.0.1:{smtpPort} (SMTP). To try it:{" "}
                    <code>{`curl smtp://127.0.0.1:${smtpPort} --mail-from you@example.com --mail-rcpt ${inboundAddress} -T message.eml`}</code>
                  </Text>
                </Box>
              ) : null}
              {!smtp ? (
                <Text as="p" tone="subdued">
                  No SMTP server is configured (SMTP_URL), so replies by email are kept on the Emails to shoppers page instead of being sent.
                </Text>
              ) : null}
            </>
          ) : (
            <Text as="p" tone="subdued">
              Set DOKANI_INBOUND_EMAIL_DOMAIN in the server&apos;s environment (and point its MX record at your Postmark or Mailgun inbound route) to receive email.
            </Text>
          )}
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
