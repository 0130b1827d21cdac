import { Badge, BlockStack, Box, Card, Collapsible, Button, InlineStack, Link, Text } from "@shopify/polaris";
import { useState } from "react";
import { formatShopDateTime, useShopTimeZone } from "../shop-time";
import { callDuration, DIRECTION_LABELS, KIND_LABELS, OUTCOME_LABELS, STATUS_LABELS, statusTone } from "./call-labels";

export type TimelineCallData = {
  id: string;
  kind: "voice" | "video";
  direction: "inbound" | "outbound" | "web";
  status: "scheduled" | "active" | "ended" | "failed";
  startedAt: string | null;
  createdAt: string;
  durationSeconds: number | null;
  summary: string | null;
  outcome: "successful" | "unsuccessful" | "unknown" | null;
  purpose: string | null;
  recordingUrl: string | null;
  endReason: string | null;
  transcript: Array<{ speaker: "customer" | "ai" | "agent"; text: string; startMs: number | null }>;
  omittedSegments: number;
};

const SPEAKERS = { customer: "Shopper", ai: "AI", agent: "Staff" } as const;
const at = (ms: number | null) => (ms === null ? "" : `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, "0")} `);

function CallEntry({ call }: { call: TimelineCallData }) {
  const timeZone = useShopTimeZone();
  const [open, setOpen] = useState(false);
  const transcriptId = `call-transcript-${call.id}`;
  return (
    <Box id={`call-${call.id}`} paddingBlockEnd="300" borderBlockEndWidth="025" borderColor="border">
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">{`${KIND_LABELS[call.kind]} call, ${formatShopDateTime(call.startedAt ?? call.createdAt, timeZone)}`}</Text>
          <Badge tone={statusTone(call.status)}>{STATUS_LABELS[call.status]}</Badge>
          {call.outcome ? <Badge tone={call.outcome === "successful" ? "success" : undefined}>{OUTCOME_LABELS[call.outcome]}</Badge> : null}
        </InlineStack>
        <Text as="p" tone="subdued">{`${DIRECTION_LABELS[call.direction]} · ${callDuration(call.durationSeconds)}${call.purpose ? ` · Purpose: ${call.purpose}` : ""}`}</Text>
        {call.summary ? <Text as="p">{call.summary}</Text> : null}
        {call.recordingUrl ? (
          <Text as="p">
            <Link url={call.recordingUrl} target="_blank">
              Recording
            </Link>
          </Text>
        ) : null}
        {call.transcript.length ? (
          <>
            <InlineStack>
              <Button variant="plain" onClick={() => setOpen((v) => !v)} ariaExpanded={open} ariaControls={transcriptId}>
                {open ? "Hide the call's transcript" : `Show the call's transcript (${call.transcript.length + call.omittedSegments} turns)`}
              </Button>
            </InlineStack>
            <Collapsible id={transcriptId} open={open}>
              <BlockStack gap="100">
                {call.transcript.map((segment, index) => (
                  <Text as="p" key={index}>
                    <Text as="span" tone="subdued">
                      {at(segment.startMs)}
                    </Text>
                    <Text as="span" fontWeight="semibold">{`${SPEAKERS[segment.speaker]}: `}</Text>
                    {segment.text}
                  </Text>
                ))}
                {call.omittedSegments > 0 ? <Text as="p" tone="subdued">{`${call.omittedSegments} later turns are not shown.`}</Text> : null}
              </BlockStack>
            </Collapsible>
          </>
        ) : call.status === "ended" ? (
          <Text as="p" tone="subdued">
            The provider has not sent this call&apos;s transcript yet.
          </Text>
        ) : null}
        {call.status === "failed" && call.endReason ? <Text as="p" tone="critical">{call.endReason}</Text> : null}
      </BlockStack>
    </Box>
  );
}

/** The conversation's voice and video calls with their transcripts, summaries, outcomes and recordings. */
export function CallTimeline({ calls }: { calls: TimelineCallData[] }) {
  if (!calls.length) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Calls
        </Text>
        {calls.map((call) => (
          <CallEntry key={call.id} call={call} />
        ))}
      </BlockStack>
    </Card>
  );
}
