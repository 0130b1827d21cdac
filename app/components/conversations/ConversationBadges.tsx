import { Badge } from "@shopify/polaris";
import { label } from "./format";

const STATUS_TONES: Record<string, "info" | "attention" | "success" | undefined> = {
  open: "info",
  pending: "attention",
  snoozed: undefined,
  closed: "success",
};

/** The conversation's status as a badge. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status]}>{label(status)}</Badge>;
}

/** Who answers the shopper now: the AI, or a person who took over. */
export function HandlerBadge({ aiActive }: { aiActive: boolean }) {
  return aiActive ? <Badge tone="magic">AI</Badge> : <Badge tone="warning">Person</Badge>;
}

const CHANNEL_TONES: Record<string, "info" | "success" | "magic" | undefined> = { chat: undefined, email: "info", whatsapp: "success", voice: "magic", video: "magic" };

/** The channel a conversation is on. */
export function ChannelBadge({ channel }: { channel: string }) {
  return <Badge tone={CHANNEL_TONES[channel]}>{label(channel)}</Badge>;
}
