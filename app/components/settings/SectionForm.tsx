import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack } from "@shopify/polaris";

/** A settings card's form: posts its own `intent`, shows its own error banner and a save button. */
export function SectionForm({ intent, error, submitLabel = "Save", children }: { intent: string; error?: string; submitLabel?: string; children: React.ReactNode }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <BlockStack gap="400">
        {error ? (
          <Banner tone="critical" title="Nothing was saved">
            <p>{error}</p>
          </Banner>
        ) : null}
        {children}
        <InlineStack align="end">
          <Button submit variant="primary" loading={busy}>
            {submitLabel}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
