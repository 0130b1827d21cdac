import { BlockStack, Box, InlineStack, Text } from "@shopify/polaris";
import { ACTION_LABELS, formatDateTime, label, STATUS_LABELS } from "./labels";
import { useShopTimeZone } from "../shop-time";

export type TimelineEntryView = {
  id: string;
  at: string;
  action: string;
  actor: { type: string; id: string | null; name: string | null };
  message: string | null;
  from: string | null;
  to: string | null;
};

const ACTOR_WORDS: Record<string, string> = {
  system: "Dokani",
  rules: "Return policy",
  ai: "AI assistant",
  merchant: "Staff",
  api: "API",
  shopper: "Shopper",
  platform: "Platform",
};

function actorName(actor: TimelineEntryView["actor"]): string {
  if (actor.name) return actor.name;
  if (actor.type === "api" && actor.id) return `API key ${actor.id.slice(0, 8)}`;
  if (actor.type === "shopper" && actor.id) return actor.id;
  return ACTOR_WORDS[actor.type] ?? actor.type;
}

/** The audit trail of a return, oldest first: each action, who took it, when, and any message. */
export function ReturnTimeline({ entries }: { entries: TimelineEntryView[] }) {
  const timeZone = useShopTimeZone();
  if (entries.length === 0) return <Text as="p" tone="subdued">Nothing has happened to this return yet.</Text>;
  return (
    <BlockStack gap="300" as="ol">
      {entries.map((entry) => (
        <li key={entry.id} style={{ listStyle: "none" }}>
          <Box borderInlineStartWidth="025" borderColor="border" paddingInlineStart="300">
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="center" wrap>
                <Text as="span" fontWeight="semibold">
                  {label(ACTION_LABELS, entry.action)}
                </Text>
                {entry.from && entry.to ? (
                  <Text as="span" tone="subdued" variant="bodySm">
                    {label(STATUS_LABELS, entry.from)} → {label(STATUS_LABELS, entry.to)}
                  </Text>
                ) : null}
              </InlineStack>
              <Text as="p" tone="subdued" variant="bodySm">
                {actorName(entry.actor)} · <time dateTime={entry.at}>{formatDateTime(entry.at, timeZone)}</time>
              </Text>
              {entry.message ? (
                <Text as="p" breakWord>
                  {entry.message}
                </Text>
              ) : null}
            </BlockStack>
          </Box>
        </li>
      ))}
    </BlockStack>
  );
}
