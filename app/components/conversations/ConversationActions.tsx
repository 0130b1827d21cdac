import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { BlockStack, Button, ButtonGroup, Card, Checkbox, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { formatShopDateTime, useShopTimeZone } from "../shop-time";

type Conversation = { status: string; aiActive: boolean; assigneeId: string | null; assigneeName: string | null; snoozedUntil: string | null };

/** A one-button form posting an `intent`. */
function IntentButton({ intent, children, extra, tone, variant }: { intent: string; children: string; extra?: Record<string, string>; tone?: "critical"; variant?: "primary" }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(extra ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button submit loading={busy} tone={tone} variant={variant}>
        {children}
      </Button>
    </Form>
  );
}

/** Who handles the conversation and what state it is in: take over or hand back, assign, snooze, close or reopen. */
export function ConversationActions({ conversation, staffId, fieldError }: { conversation: Conversation; staffId: string; fieldError?: string }) {
  const timeZone = useShopTimeZone();
  const submit = useSubmit();
  const [until, setUntil] = useState("");
  const [askSatisfaction, setAskSatisfaction] = useState(true);
  const closed = conversation.status === "closed";
  const snoozeNow = () => {
    const form = new FormData();
    form.set("intent", "snooze");
    // The browser knows the merchant's time zone; the server gets an absolute time.
    const parsed = until ? new Date(until) : null;
    form.set("until", parsed && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : until);
    submit(form, { method: "post" });
  };
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Actions
        </Text>
        {!closed ? (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              {conversation.aiActive ? "The AI is answering this shopper." : `A person is handling this conversation${conversation.assigneeName ? ` (${conversation.assigneeName})` : ""}; the AI stays silent.`}
            </Text>
            <ButtonGroup>
              {conversation.aiActive ? <IntentButton intent="take_over" variant="primary">Take over from AI</IntentButton> : <IntentButton intent="hand_back">Hand back to AI</IntentButton>}
            </ButtonGroup>
          </BlockStack>
        ) : null}
        <InlineStack gap="200">
          {conversation.assigneeId !== staffId ? <IntentButton intent="assign" extra={{ to: "me" }}>Assign to me</IntentButton> : null}
          {conversation.assigneeId ? <IntentButton intent="assign" extra={{ to: "nobody" }}>Unassign</IntentButton> : null}
        </InlineStack>
        {conversation.status === "snoozed" ? (
          <BlockStack gap="200">
            <Text as="p">
              {"Snoozed until "}
              {conversation.snoozedUntil ? (
                <time dateTime={conversation.snoozedUntil} suppressHydrationWarning>
                  {formatShopDateTime(conversation.snoozedUntil, timeZone)}
                </time>
              ) : null}
            </Text>
            <InlineStack>
              <IntentButton intent="unsnooze">Unsnooze</IntentButton>
            </InlineStack>
          </BlockStack>
        ) : !closed ? (
          <BlockStack gap="200">
            <TextField
              label="Snooze until"
              type="datetime-local"
              value={until}
              onChange={setUntil}
              autoComplete="off"
              error={fieldError}
              helpText="The conversation comes back to the open queue then."
            />
            <InlineStack>
              <Button onClick={snoozeNow} disabled={!until}>
                Snooze
              </Button>
            </InlineStack>
          </BlockStack>
        ) : null}
        {closed ? (
          <InlineStack>
            <IntentButton intent="reopen">Reopen conversation</IntentButton>
          </InlineStack>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="close" />
            <BlockStack gap="200">
              <Checkbox label="Ask the shopper to rate this conversation" name="askSatisfaction" value="on" checked={askSatisfaction} onChange={setAskSatisfaction} />
              <InlineStack>
                <Button submit>Close conversation</Button>
              </InlineStack>
            </BlockStack>
          </Form>
        )}
      </BlockStack>
    </Card>
  );
}

/** Writes to the shopper or leaves an internal note for the team. */
export function Composer({
  closed,
  fieldError,
  channel = "chat",
  recipient = null,
  savedReplies = [],
}: {
  closed: boolean;
  fieldError?: string;
  channel?: string;
  recipient?: string | null;
  savedReplies?: Array<{ id: string; name: string; text: string }>;
}) {
  const byEmail = channel === "email";
  const navigation = useNavigation();
  const [text, setText] = useState("");
  const [mode, setMode] = useState<"reply" | "note">(closed ? "note" : "reply");
  const busy = navigation.state !== "idle" && (navigation.formData?.get("intent") === "reply" || navigation.formData?.get("intent") === "note");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value={mode} />
        <BlockStack gap="300">
          <InlineStack gap="200">
            <ButtonGroup variant="segmented">
              <Button pressed={mode === "reply"} onClick={() => setMode("reply")} disabled={closed}>
                Reply to shopper
              </Button>
              <Button pressed={mode === "note"} onClick={() => setMode("note")}>
                Internal note
              </Button>
            </ButtonGroup>
            {savedReplies.length ? (
              <Select
                label="Saved reply"
                labelInline
                options={[{ label: "Insert a saved reply…", value: "" }, ...savedReplies.map((r) => ({ label: r.name, value: r.id }))]}
                value=""
                onChange={(id) => {
                  const chosen = savedReplies.find((r) => r.id === id);
                  if (chosen) setText((current) => (current.trim() ? `${current}\n\n${chosen.text}` : chosen.text));
                }}
              />
            ) : null}
          </InlineStack>
          <TextField
            label={mode === "reply" ? (byEmail ? "Reply by email" : "Reply") : "Internal note"}
            name="text"
            value={text}
            onChange={setText}
            multiline={3}
            maxLength={4000}
            showCharacterCount
            autoComplete="off"
            error={fieldError}
            helpText={
              mode === "reply"
                ? closed
                  ? "Reopen the conversation to reply."
                  : byEmail
                    ? `Sends an email to ${recipient ?? "the shopper"}, in the same thread as their mail. Replying takes the conversation over from the AI.`
                    : "The shopper sees this at once. Replying takes the conversation over from the AI."
                : "Only your team sees notes."
            }
          />
          <InlineStack align="end">
            <Button submit variant="primary" loading={busy} disabled={!text.trim() || (mode === "reply" && closed)}>
              {mode === "reply" ? (byEmail ? "Send email" : "Send reply") : "Add note"}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
