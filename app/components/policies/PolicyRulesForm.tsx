import { Form } from "@remix-run/react";
import { BlockStack, Box, Button, Card, Checkbox, InlineError, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";
import type { PolicyRules } from "../../.server/policies/policy-rules";
import { REASON_LABELS, RESOLUTION_LABELS } from "./labels";
import { OverridesEditor, type OverrideRow } from "./OverridesEditor";
import { TagListField } from "./TagListField";

type Props = {
  rules: PolicyRules;
  notes: string | null;
  /** Errors by form field name, from the last save. */
  errors: Record<string, string>;
  /** Active and archived versions are shown, not edited. */
  readOnly: boolean;
  saving: boolean;
  currencySymbol: string;
};

const WINDOW_START_OPTIONS = [
  { label: "Delivery date", value: "delivery" },
  { label: "Order date", value: "order" },
];

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

/** A set of checkboxes submitted under one name, with one error for the group. */
function CheckboxGroup<K extends string>({
  legend,
  name,
  labels,
  selected,
  onChange,
  error,
  disabled,
}: {
  legend: string;
  name: string;
  labels: Record<K, string>;
  selected: K[];
  onChange: (next: K[]) => void;
  error?: string;
  disabled: boolean;
}) {
  const keys = Object.keys(labels) as K[];
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0 }} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>
        <Text as="span" variant="bodyMd">
          {legend}
        </Text>
      </legend>
      <InlineGrid columns={{ xs: 1, sm: 3 }} gap="100">
        {keys.map((key) => (
          <Checkbox
            key={key}
            id={`${name}-${key}`}
            name={name}
            value={key}
            label={labels[key]}
            checked={selected.includes(key)}
            disabled={disabled}
            onChange={(checked) => onChange(checked ? keys.filter((k) => k === key || selected.includes(k)) : selected.filter((k) => k !== key))}
          />
        ))}
      </InlineGrid>
      {error ? <InlineError message={error} fieldID={`${name}-error`} /> : null}
    </fieldset>
  );
}

/**
 * The whole policy as a form: every rule has a field, lists are edited entry by entry, and the
 * server's errors appear on the field they are about. Nothing here is raw JSON.
 */
export function PolicyRulesForm({ rules, notes, errors, readOnly, saving, currencySymbol }: Props) {
  // Row keys: the initial rows are numbered by position; rows added later continue after them.
  const keyRef = useRef(rules.overrides.length);
  const nextKey = () => ++keyRef.current;
  const [returnWindowDays, setReturnWindowDays] = useState(String(rules.returnWindowDays));
  const [windowStartsFrom, setWindowStartsFrom] = useState<string>(rules.windowStartsFrom);
  const [tags, setTags] = useState<string[]>(rules.nonReturnableTags);
  const [types, setTypes] = useState<string[]>(rules.nonReturnableProductTypes);
  const [overrides, setOverrides] = useState<OverrideRow[]>(() =>
    rules.overrides.map((o, index) => ({
      key: index + 1,
      matchBy: "productType" in o.match ? "productType" : "tag",
      value: "productType" in o.match ? o.match.productType : o.match.tag,
      returnWindowDays: String(o.returnWindowDays),
    })),
  );
  const [resolutions, setResolutions] = useState<Array<keyof typeof RESOLUTION_LABELS>>(rules.allowedResolutions);
  const [bonus, setBonus] = useState(String(rules.storeCreditBonusPercent));
  const [fee, setFee] = useState(String(rules.restockingFeePercent));
  const [evidence, setEvidence] = useState<Array<keyof typeof REASON_LABELS>>(rules.evidenceRequiredReasons);
  const [autoEnabled, setAutoEnabled] = useState(rules.autoApprove.enabled);
  const [maxOrderValue, setMaxOrderValue] = useState(rules.autoApprove.maxOrderValue);
  const [maxRisk, setMaxRisk] = useState(String(rules.autoApprove.maxRiskScore));
  const [maxReturns, setMaxReturns] = useState(String(rules.customerLimits.maxReturnsPerPeriod));
  const [periodDays, setPeriodDays] = useState(String(rules.customerLimits.periodDays));
  const [blocked, setBlocked] = useState(rules.blockedEmails.join("\n"));
  const [note, setNote] = useState(notes ?? "");
  const [exchangeScope, setExchangeScope] = useState<string>(rules.exchanges.scope);
  const [lowerDifference, setLowerDifference] = useState<string>(rules.exchanges.lowerPriceDifference);
  const [higherDifference, setHigherDifference] = useState<string>(rules.exchanges.higherPriceDifference);
  const [instantEnabled, setInstantEnabled] = useState(rules.exchanges.instant.enabled);
  const [instantMaxRisk, setInstantMaxRisk] = useState(String(rules.exchanges.instant.maxRiskScore));
  const [instantMaxOrder, setInstantMaxOrder] = useState(rules.exchanges.instant.maxOrderValue);
  const disabled = readOnly;

  return (
    <Form method="post" aria-label="Policy rules">
      <input type="hidden" name="intent" value="save" />
      <BlockStack gap="400">
        <Section title="Return window">
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <TextField
              label="Return window (days)"
              name="returnWindowDays"
              type="number"
              min={0}
              max={365}
              value={returnWindowDays}
              onChange={setReturnWindowDays}
              autoComplete="off"
              error={errors.returnWindowDays}
              disabled={disabled}
            />
            <Select
              label="The window starts from"
              name="windowStartsFrom"
              options={WINDOW_START_OPTIONS}
              value={windowStartsFrom}
              onChange={setWindowStartsFrom}
              error={errors.windowStartsFrom}
              helpText="Orders with no delivery date count from the order date."
              disabled={disabled}
            />
          </InlineGrid>
        </Section>

        <Section title="Items that can't be returned">
          <TagListField label="Non-returnable tags" name="nonReturnableTags" values={tags} onChange={setTags} error={errors.nonReturnableTags} disabled={disabled} helpText="Products with any of these tags are denied." />
          <TagListField
            label="Non-returnable product types"
            name="nonReturnableProductTypes"
            values={types}
            onChange={setTypes}
            error={errors.nonReturnableProductTypes}
            disabled={disabled}
            helpText="Products of these types are denied."
          />
        </Section>

        <Section title="Window overrides">
          <Text as="p" tone="subdued">
            A different window for some products. The first override that matches an item wins.
          </Text>
          <OverridesEditor rows={overrides} onChange={setOverrides} errors={errors} disabled={disabled} nextKey={nextKey} />
        </Section>

        <Section title="Resolutions and fees">
          <CheckboxGroup legend="Shoppers may choose" name="allowedResolutions" labels={RESOLUTION_LABELS} selected={resolutions} onChange={setResolutions} error={errors.allowedResolutions} disabled={disabled} />
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <TextField
              label="Store-credit bonus"
              name="storeCreditBonusPercent"
              type="number"
              min={0}
              max={100}
              step={0.01}
              suffix="%"
              value={bonus}
              onChange={setBonus}
              autoComplete="off"
              error={errors.storeCreditBonusPercent}
              disabled={disabled}
            />
            <TextField
              label="Restocking fee on refunds"
              name="restockingFeePercent"
              type="number"
              min={0}
              max={100}
              step={0.01}
              suffix="%"
              value={fee}
              onChange={setFee}
              autoComplete="off"
              error={errors.restockingFeePercent}
              disabled={disabled}
            />
          </InlineGrid>
        </Section>

        <Section title="Photos">
          <CheckboxGroup
            legend="A photo is required for these reasons"
            name="evidenceRequiredReasons"
            labels={REASON_LABELS}
            selected={evidence}
            onChange={setEvidence}
            error={errors.evidenceRequiredReasons}
            disabled={disabled}
          />
        </Section>

        <Section title="Auto-approval">
          <Checkbox
            label="Approve automatically when every rule passes"
            name="autoApprove.enabled"
            value="on"
            checked={autoEnabled}
            onChange={setAutoEnabled}
            error={errors["autoApprove.enabled"]}
            disabled={disabled}
            ariaDescribedBy="autoApprove-enabled-help"
          />
          {/* Beside the checkbox rather than its helpText, which Polaris greys out (unreadably) on a read-only version. */}
          <Text as="p" tone="subdued" id="autoApprove-enabled-help">
            Otherwise every return goes to review.
          </Text>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <TextField
              label="Maximum order value"
              name="autoApprove.maxOrderValue"
              prefix={currencySymbol}
              inputMode="decimal"
              value={maxOrderValue}
              onChange={setMaxOrderValue}
              autoComplete="off"
              error={errors["autoApprove.maxOrderValue"]}
              helpText="Returns on larger orders go to review."
              disabled={disabled}
            />
            <TextField
              label="Maximum risk score (0 to 1)"
              name="autoApprove.maxRiskScore"
              type="number"
              min={0}
              max={1}
              step={0.01}
              value={maxRisk}
              onChange={setMaxRisk}
              autoComplete="off"
              error={errors["autoApprove.maxRiskScore"]}
              helpText="Riskier returns go to review."
              disabled={disabled}
            />
          </InlineGrid>
        </Section>

        <Section title="Exchanges">
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
            <Select
              label="Replacement"
              name="exchanges.scope"
              options={[
                { label: "Another size or colour of the same product", value: "same_product" },
                { label: "Any product up to the returned value", value: "any_product" },
              ]}
              value={exchangeScope}
              onChange={setExchangeScope}
              error={errors["exchanges.scope"]}
              disabled={disabled}
            />
            <Select
              label="When the replacement costs less"
              name="exchanges.lowerPriceDifference"
              options={[
                { label: "Give the difference as store credit", value: "store_credit" },
                { label: "Refund the difference", value: "refund" },
              ]}
              value={lowerDifference}
              onChange={setLowerDifference}
              error={errors["exchanges.lowerPriceDifference"]}
              disabled={disabled}
            />
            <Select
              label="When the replacement costs more"
              name="exchanges.higherPriceDifference"
              options={[
                { label: "The shopper pays the difference", value: "collect" },
                { label: "Refuse the exchange", value: "refuse" },
              ]}
              value={higherDifference}
              onChange={setHigherDifference}
              error={errors["exchanges.higherPriceDifference"]}
              disabled={disabled}
            />
          </InlineGrid>
          <Checkbox
            label="Instant exchanges: ship the replacement before the return arrives"
            name="exchanges.instant.enabled"
            value="on"
            checked={instantEnabled}
            onChange={setInstantEnabled}
            error={errors["exchanges.instant.enabled"]}
            disabled={disabled}
            ariaDescribedBy="exchanges-instant-help"
          />
          <Text as="p" tone="subdued" id="exchanges-instant-help">
            Only for approved returns under both limits below; others ship when the item is received.
          </Text>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <TextField
              label="Instant: maximum order value"
              name="exchanges.instant.maxOrderValue"
              prefix={currencySymbol}
              inputMode="decimal"
              value={instantMaxOrder}
              onChange={setInstantMaxOrder}
              autoComplete="off"
              error={errors["exchanges.instant.maxOrderValue"]}
              disabled={disabled}
            />
            <TextField
              label="Instant: maximum risk score (0 to 1)"
              name="exchanges.instant.maxRiskScore"
              type="number"
              min={0}
              max={1}
              step={0.01}
              value={instantMaxRisk}
              onChange={setInstantMaxRisk}
              autoComplete="off"
              error={errors["exchanges.instant.maxRiskScore"]}
              disabled={disabled}
            />
          </InlineGrid>
        </Section>

        <Section title="Customer limits">
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <TextField
              label="Returns allowed per customer"
              name="customerLimits.maxReturnsPerPeriod"
              type="number"
              min={1}
              value={maxReturns}
              onChange={setMaxReturns}
              autoComplete="off"
              error={errors["customerLimits.maxReturnsPerPeriod"]}
              disabled={disabled}
            />
            <TextField
              label="Within (days)"
              name="customerLimits.periodDays"
              type="number"
              min={1}
              max={365}
              value={periodDays}
              onChange={setPeriodDays}
              autoComplete="off"
              error={errors["customerLimits.periodDays"]}
              disabled={disabled}
            />
          </InlineGrid>
          <TextField
            label="Blocked emails"
            name="blockedEmails"
            multiline={3}
            value={blocked}
            onChange={setBlocked}
            autoComplete="off"
            error={errors.blockedEmails}
            helpText="One address per line. Returns from these addresses are denied."
            disabled={disabled}
          />
        </Section>

        <Section title="Notes">
          <TextField label="Notes for your team" name="notes" multiline={2} value={note} onChange={setNote} autoComplete="off" error={errors.notes} maxLength={2000} disabled={disabled} />
        </Section>

        {readOnly ? null : (
          <Box paddingBlockEnd="400">
            <InlineStack align="end">
              <Button submit variant="primary" loading={saving}>
                Save draft
              </Button>
            </InlineStack>
          </Box>
        )}
      </BlockStack>
    </Form>
  );
}
