import { Badge, Button, EmptyState, IndexTable, Link, Text } from "@shopify/polaris";
import { useState } from "react";
import { useToast } from "../toast";
import { useActionResult } from "../use-action-result";
import { labelOf, RESOLUTION_LABELS, SECURITY_EVENT_KIND_LABELS, SEVERITY_TONES } from "./labels";
import { ResolveEventModal, type ResolveResult } from "./ResolveEventModal";
import { formatShopDateTime, useShopTimeZone } from "../shop-time";

export type SecurityEventRow = {
  id: string;
  kind: string;
  severity: "low" | "medium" | "high" | "critical";
  customerEmail: string | null;
  customerProfileId?: string | null;
  returnId: string | null;
  returnOrderName: string | null;
  conversationId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
  resolutionNote: string | null;
};

function describe(details: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof details.riskScore === "number") parts.push(`risk ${details.riskScore.toFixed(2)}`);
  if (typeof details.reason === "string") parts.push(details.reason);
  if (typeof details.attempts === "number") parts.push(`${details.attempts} attempts`);
  if (typeof details.excerpt === "string") parts.push(`“${details.excerpt.slice(0, 120)}”`);
  return parts.join(" · ") || "—";
}

/** Security events with their links and a resolve action that opens `ResolveEventModal`. */
export function SecurityEventsTable({
  events,
  resolutions,
  result,
  emptyHeading,
}: {
  events: SecurityEventRow[];
  resolutions: readonly string[];
  result: ResolveResult | undefined;
  emptyHeading: string;
}) {
  const timeZone = useShopTimeZone();
  const [open, setOpen] = useState<{ id: string; title: string } | null>(null);
  const toast = useToast();

  useActionResult(result, (answer) => {
    if (answer.ok) {
      setOpen(null);
      toast.show(answer.message);
    } else if (!answer.fields) {
      toast.show(answer.error, { isError: true });
    }
  });

  if (!events.length) {
    return (
      <EmptyState heading={emptyHeading} image="">
        <p>High-risk returns, order-lookup guessing and prompt injections show up here.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <IndexTable
        resourceName={{ singular: "security event", plural: "security events" }}
        itemCount={events.length}
        selectable={false}
        headings={[{ title: "Event" }, { title: "Severity" }, { title: "Customer" }, { title: "Linked to" }, { title: "Details" }, { title: "Created" }, { title: "Status" }]}
      >
        {events.map((event, index) => {
          const title = labelOf(SECURITY_EVENT_KIND_LABELS, event.kind);
          return (
            <IndexTable.Row id={event.id} key={event.id} position={index}>
              <IndexTable.Cell>
                <Text as="span" fontWeight="semibold">
                  {title}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={SEVERITY_TONES[event.severity]}>{event.severity}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>
                {event.customerEmail ? (
                  event.customerProfileId ? (
                    <Link url={`/app/customers/${event.customerProfileId}`}>{event.customerEmail}</Link>
                  ) : (
                    event.customerEmail
                  )
                ) : (
                  "—"
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                {event.returnId ? <Link url={`/app/returns/${event.returnId}`}>{`Return ${event.returnOrderName ?? ""}`.trim()}</Link> : null}
                {event.conversationId ? <Link url={`/app/conversations/${event.conversationId}`}>Conversation</Link> : null}
                {!event.returnId && !event.conversationId ? "—" : null}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" tone="subdued" breakWord>
                  {describe(event.details)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{formatShopDateTime(event.createdAt, timeZone)}</IndexTable.Cell>
              <IndexTable.Cell>
                {event.resolvedAt ? (
                  <Text as="span">
                    <Badge tone="success">{labelOf(RESOLUTION_LABELS, event.resolution ?? "resolved")}</Badge>{" "}
                    {`by ${event.resolvedBy ?? "—"}${event.resolutionNote ? `: ${event.resolutionNote}` : ""}`}
                  </Text>
                ) : (
                  <Button onClick={() => setOpen({ id: event.id, title })} accessibilityLabel={`Resolve ${title.toLowerCase()} of ${event.customerEmail ?? "an unknown customer"}`}>
                    Resolve
                  </Button>
                )}
              </IndexTable.Cell>
            </IndexTable.Row>
          );
        })}
      </IndexTable>
      <ResolveEventModal event={open} resolutions={resolutions} result={result} onClose={() => setOpen(null)} />
    </>
  );
}
