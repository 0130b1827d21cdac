import { BlockStack, Card } from "@shopify/polaris";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { CardHeading } from "./CardHeading";
import { EvidenceLightbox } from "./EvidenceLightbox";

/** The shopper's photos, each read through the app's authenticated evidence route. */
export function ReturnPhotosCard({ detail }: { detail: Pick<ReturnDetail, "id" | "evidence" | "order"> }) {
  const photos = detail.evidence.map((file) => ({ id: file.id, src: `/app/returns/${detail.id}/evidence/${file.id}` }));
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading>Photos</CardHeading>
        <EvidenceLightbox photos={photos} orderName={detail.order.name} />
      </BlockStack>
    </Card>
  );
}
