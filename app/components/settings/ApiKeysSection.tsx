import { useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, IndexTable, InlineStack, Layout, Modal, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useToast } from "../toast";
import { useActionResult } from "../use-action-result";
import { SectionForm } from "./SectionForm";
import { errorsFor, type SettingsResult } from "./types";
import { formatShopDate, formatShopDateTime, useShopTimeZone } from "../shop-time";

type ApiKeyRow = { id: string; name: string; prefix: string; scope: "read" | "write"; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const SCOPE_OPTIONS = [
  { label: "Read and write", value: "write" },
  { label: "Read only", value: "read" },
];

/** The merchant API keys: list, create (the key shown once) and revoke (after a confirmation). */
export function ApiKeysSection({ keys, result }: { keys: ApiKeyRow[]; result: SettingsResult | undefined }) {
  const timeZone = useShopTimeZone();
  const create = errorsFor(result, "createApiKey");
  const revoke = errorsFor(result, "revokeApiKey");
  const [name, setName] = useState("");
  const [scope, setScope] = useState("write");
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const [copied, setCopied] = useState(false);
  const submit = useSubmit();
  const navigation = useNavigation();
  const toast = useToast();
  const created = result?.ok && result.intent === "createApiKey" ? result.createdKey : undefined;

  useActionResult(result, (answer) => {
    if (answer.intent === "createApiKey" && answer.ok) {
      setName("");
      setScope("write");
      setCopied(false);
    }
    if (answer.intent === "revokeApiKey") {
      setRevoking(null);
      toast.show(answer.ok ? answer.message : answer.error, { isError: !answer.ok });
    }
  });

  return (
    <Layout.AnnotatedSection
      id="api-keys"
      title="API keys"
      description="Keys for your own integrations with the merchant REST API (/api/v1) and for AI assistants through the MCP server (/mcp). A read-only key can look but never approve, deny, reply or change a policy. A key is shown once, when it is created; Dokani keeps only its hash."
    >
      <BlockStack gap="400">
        {created ? (
          <Banner tone="success" title={`API key “${created.name}” created`}>
            <BlockStack gap="200">
              <p>Copy it now: it will not be shown again.</p>
              <Box background="bg-surface-secondary" padding="200" borderRadius="100">
                <Text as="p" breakWord>
                  <code>{created.key}</code>
                </Text>
              </Box>
              <InlineStack>
                <Button
                  onClick={() => {
                    void navigator.clipboard?.writeText(created.key).then(
                      () => setCopied(true),
                      () => toast.show("Could not copy; select the key and copy it by hand.", { isError: true }),
                    );
                  }}
                  accessibilityLabel="Copy the new API key"
                >
                  {copied ? "Copied" : "Copy key"}
                </Button>
              </InlineStack>
            </BlockStack>
          </Banner>
        ) : null}
        <Card>
          <SectionForm intent="createApiKey" error={create.error} submitLabel="Create key">
            <TextField label="Key name" name="name" value={name} onChange={setName} autoComplete="off" maxLength={80} error={create.fields.name} helpText="What the key is for, such as Warehouse sync." />
            <Select label="Access" name="scope" options={SCOPE_OPTIONS} value={scope} onChange={setScope} error={create.fields.scope} helpText="Read only suits reporting and AI assistants that should only look." />
          </SectionForm>
        </Card>
        <Card padding="0">
          {keys.length === 0 ? (
            <Box padding="400">
              <Text as="p" tone="subdued">
                No API keys yet.
              </Text>
            </Box>
          ) : (
            <IndexTable
              resourceName={{ singular: "API key", plural: "API keys" }}
              itemCount={keys.length}
              selectable={false}
              headings={[{ title: "Name" }, { title: "Key" }, { title: "Access" }, { title: "Created" }, { title: "Last used" }, { title: "Status" }]}
            >
              {keys.map((key, index) => (
                <IndexTable.Row id={key.id} key={key.id} position={index}>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {key.name}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <code>{key.prefix}…</code>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{key.scope === "read" ? <Badge>Read only</Badge> : <Badge tone="info">Read and write</Badge>}</IndexTable.Cell>
                  <IndexTable.Cell>{formatShopDate(key.createdAt, timeZone)}</IndexTable.Cell>
                  <IndexTable.Cell>{key.lastUsedAt ? formatShopDateTime(key.lastUsedAt, timeZone) : "Never"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {key.revokedAt ? (
                      <Badge tone="critical">{`Revoked ${formatShopDate(key.revokedAt, timeZone)}`}</Badge>
                    ) : (
                      <Button tone="critical" variant="plain" onClick={() => setRevoking(key)} accessibilityLabel={`Revoke the API key ${key.name}`}>
                        Revoke
                      </Button>
                    )}
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
      <Modal
        open={Boolean(revoking)}
        onClose={() => setRevoking(null)}
        title={revoking ? `Revoke “${revoking.name}”?` : "Revoke API key?"}
        primaryAction={{
          content: "Revoke key",
          destructive: true,
          loading: navigation.state !== "idle" && navigation.formData?.get("intent") === "revokeApiKey",
          onAction: () => {
            if (revoking) submit({ intent: "revokeApiKey", keyId: revoking.id }, { method: "post" });
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setRevoking(null) }]}
      >
        <Modal.Section>
          <BlockStack gap="200">
            {revoke.error ? (
              <Text as="p" tone="critical">
                {revoke.error}
              </Text>
            ) : null}
            <Text as="p">Every request made with this key will be refused from now on. This cannot be undone; create a new key if you need one.</Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Layout.AnnotatedSection>
  );
}
