import { BlockStack, Card, Checkbox, Layout, Link, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { SectionForm } from "./SectionForm";
import { errorsFor, type SettingsResult } from "./types";

type Props = {
  policy: { activeVersion: number | null; nextVersion: number; autoApprove: { enabled: boolean; maxOrderValue: string; maxRiskScore: number } | null };
  currency: string;
  result: SettingsResult | undefined;
};

/** Auto-approval thresholds; saving makes and activates a new policy version. */
export function AutoApproveSection({ policy, currency, result }: Props) {
  const { error, fields } = errorsFor(result, "thresholds");
  const current = policy.autoApprove;
  const [enabled, setEnabled] = useState(current?.enabled ?? false);
  const [maxOrderValue, setMaxOrderValue] = useState(current?.maxOrderValue ?? "");
  const [maxRiskScore, setMaxRiskScore] = useState(current ? String(current.maxRiskScore) : "");
  return (
    <Layout.AnnotatedSection
      id="auto-approve"
      title="Auto-approval"
      description="Returns that break no rule are approved at once when they are under both limits. Everything else waits for your review."
    >
      <Card>
        {current === null ? (
          <BlockStack gap="200">
            <Text as="p">
              There is no active return policy yet. Create and activate one under <Link url="/app/policies">Policies</Link>.
            </Text>
          </BlockStack>
        ) : (
          <SectionForm intent="thresholds" error={error} submitLabel={`Save as policy version ${policy.nextVersion}`}>
            <Checkbox label="Approve eligible returns automatically" name="enabled" value="on" checked={enabled} onChange={setEnabled} error={fields.enabled} />
            <TextField
              label="Highest order value approved automatically"
              name="maxOrderValue"
              value={maxOrderValue}
              onChange={setMaxOrderValue}
              suffix={currency}
              inputMode="decimal"
              autoComplete="off"
              error={fields.maxOrderValue}
              helpText="An amount such as 200.00; larger orders go to review."
            />
            <TextField
              label="Highest risk score approved automatically"
              name="maxRiskScore"
              value={maxRiskScore}
              onChange={setMaxRiskScore}
              inputMode="decimal"
              autoComplete="off"
              error={fields.maxRiskScore}
              helpText="From 0 (no risk) to 1; riskier requests go to review."
            />
            <Text as="p" tone="subdued">
              These limits are part of the return policy (now version {policy.activeVersion}). Saving creates policy version {policy.nextVersion}, a copy of
              version {policy.activeVersion} with only these limits changed, and activates it, so every past decision keeps pointing at the version that made it.
            </Text>
          </SectionForm>
        )}
      </Card>
    </Layout.AnnotatedSection>
  );
}
