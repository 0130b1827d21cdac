import { BlockStack, Card } from "@shopify/polaris";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { CardHeading } from "./CardHeading";
import { ReturnTimeline } from "./ReturnTimeline";

/** Everything that happened to the return, oldest first. */
export function ReturnTimelineCard({ timeline }: { timeline: ReturnDetail["timeline"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading>Timeline</CardHeading>
        <ReturnTimeline entries={timeline} />
      </BlockStack>
    </Card>
  );
}
