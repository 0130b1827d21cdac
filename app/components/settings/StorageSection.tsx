import { BlockStack, Card, Layout, List, Text } from "@shopify/polaris";

type Props = {
  storage: { kind: "local"; folder: string } | { kind: "s3"; bucket: string; endpoint: string | null; region: string };
  evidenceDays: number;
};

/** Where shoppers' photos are stored (read-only: the server's environment decides) and how long they are kept. */
export function StorageSection({ storage, evidenceDays }: Props) {
  return (
    <Layout.AnnotatedSection id="storage" title="Evidence storage" description="Where the photos shoppers upload with returns and in chat are kept.">
      <Card>
        <BlockStack gap="300">
          {storage.kind === "local" ? (
            <Text as="p">
              On this server&apos;s disk, in <Text as="span" fontWeight="semibold">{storage.folder}</Text>.
            </Text>
          ) : (
            <List>
              <List.Item>Bucket: {storage.bucket}</List.Item>
              <List.Item>Endpoint: {storage.endpoint ?? "Amazon S3"}</List.Item>
              <List.Item>Region: {storage.region}</List.Item>
            </List>
          )}
          <Text as="p" tone="subdued">
            To change it, set S3_BUCKET (and S3_ENDPOINT for MinIO, R2 and the like, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) in the server&apos;s
            environment and restart; without S3_BUCKET photos go to DOKANI_DATA_DIR/uploads. Files already stored stay where they are.
          </Text>
          <Text as="p">Photos of closed returns are kept for {evidenceDays} days (Data retention below).</Text>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
