import { Badge, BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import { formatTime } from "./format";
import { useShopTimeZone } from "../shop-time";

/** A message as the transcript receives it from the loader. */
export type TranscriptMessageView = {
  id: string;
  role: "customer" | "ai" | "agent" | "system";
  text: string;
  internal: boolean;
  authorName: string | null;
  createdAt: string;
  kind: string | null;
  toolCalls: Array<{ name: string; arguments: string; result: string | null }>;
  sources: Array<{ title: string; ref: string | null }>;
  /** For a message on the email channel: its subject, headers, and why it was not answered. */
  email?: { subject: string | null; headers: Record<string, string>; unanswered: string | null; skippedAttachments: Array<{ filename: string | null; reason: string }> } | null;
  /** For messages a provider carries (email, WhatsApp): where delivery stands, and the provider's error when it failed. */
  deliveryStatus?: "queued" | "sent" | "delivered" | "read" | "failed" | null;
  deliveryError?: string | null;
};

const DELIVERY: Record<NonNullable<TranscriptMessageView["deliveryStatus"]>, { label: string; tone?: "success" | "info" | "critical" }> = {
  queued: { label: "Queued" },
  sent: { label: "Sent", tone: "info" },
  delivered: { label: "Delivered", tone: "success" },
  read: { label: "Read", tone: "success" },
  failed: { label: "Not delivered", tone: "critical" },
};

/** Why an email was stored and not answered, in the merchant's words. */
const UNANSWERED: Record<string, string> = {
  auto_reply: "Automatic reply: not answered",
  bounce: "Bounce: not answered",
  list: "List or bulk mail: not answered",
  reply_cap: "Reply limit for this sender reached: not answered by the AI",
};

const HEADER_ORDER = ["from", "to", "cc", "reply-to", "date", "subject", "message-id", "in-reply-to", "references", "auto-submitted", "precedence", "list-id"];

type Look = { who: string; background: "bg-surface-secondary" | "bg-surface-magic" | "bg-surface-info" | "bg-surface-warning" | "bg-surface"; align: "start" | "end" | "center" };

function look(message: TranscriptMessageView, customer: string): Look {
  if (message.internal) return { who: `${message.authorName ?? "Staff"} · internal note`, background: "bg-surface-warning", align: "end" };
  switch (message.role) {
    case "customer":
      return { who: customer, background: "bg-surface-secondary", align: "start" };
    case "ai":
      return { who: `${message.authorName ?? "AI assistant"} · AI`, background: "bg-surface-magic", align: "end" };
    case "agent":
      return { who: message.authorName ?? "Staff", background: "bg-surface-info", align: "end" };
    default:
      return { who: message.kind === "satisfaction_request" ? "Satisfaction question" : "System", background: "bg-surface", align: "center" };
  }
}

const preStyle = { whiteSpace: "pre-wrap", overflowWrap: "anywhere", margin: 0, fontSize: "12px" } as const;

/**
 * The conversation as it happened: shopper on the left, AI and staff on the right, internal notes
 * marked and tinted, system messages centred. AI messages list the tools they called (folded) and
 * the articles they cited. Every text is rendered as text.
 */
export function Transcript({ messages, customer }: { messages: TranscriptMessageView[]; customer: string }) {
  const timeZone = useShopTimeZone();
  if (!messages.length) {
    return (
      <Text as="p" tone="subdued">
        No messages yet.
      </Text>
    );
  }
  return (
    <ol aria-label="Messages" style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "12px" }}>
      {messages.map((message) => {
        const { who, background, align } = look(message, customer);
        return (
          <li key={message.id} style={{ display: "flex", justifyContent: align === "start" ? "flex-start" : align === "end" ? "flex-end" : "center" }}>
            <div style={{ maxWidth: align === "center" ? "100%" : "85%" }}>
              <Box background={background} padding="300" borderRadius="300" borderWidth="025" borderColor="border">
                <BlockStack gap="150">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" variant="bodySm" fontWeight="semibold">
                      {who}
                    </Text>
                    {message.internal ? <Badge tone="warning">Not visible to the shopper</Badge> : null}
                    {message.deliveryStatus ? <Badge tone={DELIVERY[message.deliveryStatus].tone}>{DELIVERY[message.deliveryStatus].label}</Badge> : null}
                    {message.email?.unanswered ? <Badge tone="attention">{UNANSWERED[message.email.unanswered] ?? "Not answered"}</Badge> : null}
                    <Text as="span" variant="bodySm" tone="subdued">
                      <time dateTime={message.createdAt} suppressHydrationWarning>
                        {formatTime(message.createdAt, timeZone)}
                      </time>
                    </Text>
                  </InlineStack>
                  <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                    <Text as="p">{message.text}</Text>
                  </div>
                  {message.deliveryStatus === "failed" && message.deliveryError ? (
                    <Text as="p" variant="bodySm" tone="critical">
                      {message.deliveryError}
                    </Text>
                  ) : null}
                  {message.email?.skippedAttachments.length ? (
                    <Text as="p" variant="bodySm" tone="subdued">
                      {`Attachments not kept: ${message.email.skippedAttachments.map((a) => `${a.filename ?? "unnamed"} (${a.reason})`).join("; ")}`}
                    </Text>
                  ) : null}
                  {message.email && Object.keys(message.email.headers).length ? (
                    <details>
                      <summary>
                        <Text as="span" variant="bodySm">
                          Email headers
                        </Text>
                      </summary>
                      <pre style={preStyle}>
                        {HEADER_ORDER.filter((name) => message.email!.headers[name])
                          .map((name) => `${name}: ${message.email!.headers[name]}`)
                          .join("\n")}
                      </pre>
                    </details>
                  ) : null}
                  {message.toolCalls.length ? (
                    <details>
                      <summary>
                        <Text as="span" variant="bodySm">
                          {`Tools used (${message.toolCalls.length}): ${message.toolCalls.map((c) => c.name).join(", ")}`}
                        </Text>
                      </summary>
                      <BlockStack gap="200">
                        {message.toolCalls.map((call, index) => (
                          <Box key={index} padding="200" background="bg-surface" borderRadius="200">
                            <BlockStack gap="100">
                              <Text as="h4" variant="bodySm" fontWeight="semibold">
                                {call.name}
                              </Text>
                              <Text as="span" variant="bodySm" tone="subdued">
                                Arguments
                              </Text>
                              <pre style={preStyle}>{call.arguments}</pre>
                              <Text as="span" variant="bodySm" tone="subdued">
                                Result
                              </Text>
                              <pre style={preStyle}>{call.result ?? "Not recorded"}</pre>
                            </BlockStack>
                          </Box>
                        ))}
                      </BlockStack>
                    </details>
                  ) : null}
                  {message.sources.length ? (
                    <Text as="p" variant="bodySm" tone="subdued">
                      {`Sources: ${message.sources.map((s) => s.title).join(" · ")}`}
                    </Text>
                  ) : null}
                </BlockStack>
              </Box>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
