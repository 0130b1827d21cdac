import { useSearchParams } from "@remix-run/react";
import { BlockStack, Card, List, Select, Text } from "@shopify/polaris";

type Props = {
  version: number;
  compareVersion: number | null;
  versions: Array<{ version: number; status: string }>;
  changes: Array<{ field: string; text: string }>;
};

/** The readable changes between this version and another one the merchant picks (the active one by default). */
export function PolicyDiffCard({ version, compareVersion, versions, changes }: Props) {
  const [params, setParams] = useSearchParams();
  const others = versions.filter((v) => v.version !== version);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Changes
        </Text>
        {others.length === 0 || compareVersion === null ? (
          <Text as="p" tone="subdued">
            There is no other version to compare with yet.
          </Text>
        ) : (
          <>
            <Select
              label="Compare with"
              options={others.map((v) => ({ label: `Version ${v.version} (${v.status})`, value: String(v.version) }))}
              value={String(compareVersion)}
              onChange={(value) => {
                const next = new URLSearchParams(params);
                next.set("compare", value);
                setParams(next, { preventScrollReset: true, replace: true });
              }}
            />
            {changes.length === 0 ? (
              <Text as="p">Same rules as version {compareVersion}.</Text>
            ) : (
              <BlockStack gap="100">
                <Text as="p" tone="subdued">
                  From version {compareVersion} to version {version}:
                </Text>
                <List type="bullet">
                  {changes.map((change, index) => (
                    <List.Item key={`${change.field}-${index}`}>{change.text}</List.Item>
                  ))}
                </List>
              </BlockStack>
            )}
          </>
        )}
      </BlockStack>
    </Card>
  );
}
