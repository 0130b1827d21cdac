import { BlockStack, Box, Button, InlineError, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";

/** One override row as the editor holds it (window days as typed). */
export type OverrideRow = { key: number; matchBy: "productType" | "tag"; value: string; returnWindowDays: string };

type Props = {
  rows: OverrideRow[];
  onChange: (rows: OverrideRow[]) => void;
  errors: Record<string, string>;
  disabled?: boolean;
  nextKey: () => number;
};

const MATCH_OPTIONS = [
  { label: "Product type", value: "productType" },
  { label: "Tag", value: "tag" },
];

/** The policy's overrides: an ordered list (the first match wins) the merchant can add to, remove from and reorder. */
export function OverridesEditor({ rows, onChange, errors, disabled, nextKey }: Props) {
  const update = (index: number, patch: Partial<OverrideRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row!);
    onChange(next);
  };
  return (
    <BlockStack gap="300">
      {rows.length === 0 ? (
        <Text as="p" tone="subdued">
          No overrides: every item uses the return window above.
        </Text>
      ) : null}
      {rows.map((row, index) => {
        const n = index + 1;
        return (
          <Box key={row.key} padding="300" borderWidth="025" borderColor="border" borderRadius="200">
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                Override {n}
              </Text>
              <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                <Select
                  label={`Override ${n}: match by`}
                  name={`overrides[${index}].matchBy`}
                  options={MATCH_OPTIONS}
                  value={row.matchBy}
                  onChange={(value) => update(index, { matchBy: value as OverrideRow["matchBy"] })}
                  disabled={disabled}
                />
                <TextField
                  label={`Override ${n}: ${row.matchBy === "tag" ? "tag" : "product type"}`}
                  name={`overrides[${index}].value`}
                  value={row.value}
                  onChange={(value) => update(index, { value })}
                  autoComplete="off"
                  error={errors[`overrides[${index}].value`]}
                  disabled={disabled}
                />
                <TextField
                  label={`Override ${n}: window (days)`}
                  name={`overrides[${index}].returnWindowDays`}
                  type="number"
                  min={0}
                  max={365}
                  value={row.returnWindowDays}
                  onChange={(value) => update(index, { returnWindowDays: value })}
                  autoComplete="off"
                  error={errors[`overrides[${index}].returnWindowDays`]}
                  disabled={disabled}
                />
              </InlineGrid>
              {disabled ? null : (
                <InlineStack gap="200">
                  <Button onClick={() => move(index, -1)} disabled={index === 0} accessibilityLabel={`Move up override ${n}`}>
                    Move up
                  </Button>
                  <Button onClick={() => move(index, 1)} disabled={index === rows.length - 1} accessibilityLabel={`Move down override ${n}`}>
                    Move down
                  </Button>
                  <Button tone="critical" onClick={() => onChange(rows.filter((_, i) => i !== index))} accessibilityLabel={`Remove override ${n}`}>
                    Remove
                  </Button>
                </InlineStack>
              )}
            </BlockStack>
          </Box>
        );
      })}
      {errors.overrides ? <InlineError message={errors.overrides} fieldID="overrides-add" /> : null}
      {disabled ? null : (
        <InlineStack>
          <Button id="overrides-add" onClick={() => onChange([...rows, { key: nextKey(), matchBy: "productType", value: "", returnWindowDays: "30" }])}>
            Add override
          </Button>
        </InlineStack>
      )}
    </BlockStack>
  );
}
