import { BlockStack, Card, Link, List, Text } from "@shopify/polaris";
import type { ReturnDetail } from "../../.server/returns/get-return-detail.server";
import { CardHeading } from "./CardHeading";
import { EvidenceLightbox } from "./EvidenceLightbox";

const QUALITY_WORDS: Record<string, string> = {
  blank: "is blank: one flat colour, it shows no item",
  too_small: "is too small to show the item's condition",
};

/** The shopper's photos, each read through the app's authenticated evidence route, with what the checks found wrong. */
export function ReturnPhotosCard({ detail }: { detail: Pick<ReturnDetail, "id" | "evidence" | "order"> }) {
  const photos = detail.evidence.map((file) => ({ id: file.id, src: `/app/returns/${detail.id}/evidence/${file.id}` }));
  const problems = detail.evidence.flatMap((file, index) => {
    if (file.quality === "reused" && file.reusedFrom) {
      return [
        <List.Item key={file.id}>
          Photo {index + 1} is the same picture as one sent for <Link url={`/app/returns/${file.reusedFrom.returnId}`}>{file.reusedFrom.orderName}</Link>: it does not count as a photo of this item.
        </List.Item>,
      ];
    }
    const words = QUALITY_WORDS[file.quality];
    return words ? [<List.Item key={file.id}>{`Photo ${index + 1} ${words}; it does not count as a photo of this item.`}</List.Item>] : [];
  });
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading>Photos</CardHeading>
        <EvidenceLightbox photos={photos} orderName={detail.order.name} />
        {problems.length ? (
          <BlockStack gap="100">
            <Text as="p" tone="caution" fontWeight="medium">
              Photo checks
            </Text>
            <List>{problems}</List>
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
