import { BlockStack, Button, InlineStack, Tag, TextField } from "@shopify/polaris";
import { useState } from "react";

type Props = {
  label: string;
  /** Form name: each value is submitted under it, the text being typed under `<name>__pending`. */
  name: string;
  values: string[];
  onChange: (values: string[]) => void;
  error?: string;
  helpText?: string;
  disabled?: boolean;
};

/** A list of labels entered one at a time (Enter or "Add") and removed from their tag. */
export function TagListField({ label, name, values, onChange, error, helpText, disabled }: Props) {
  const [pending, setPending] = useState("");
  const add = () => {
    const value = pending.trim();
    if (value && !values.includes(value)) onChange([...values, value]);
    setPending("");
  };
  return (
    <BlockStack gap="200">
      {/* Enter adds the tag instead of submitting the whole policy form. */}
      <div
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.target as HTMLElement).tagName === "INPUT") {
            event.preventDefault();
            add();
          }
        }}
      >
        <TextField
          label={label}
          name={`${name}__pending`}
          value={pending}
          onChange={setPending}
          autoComplete="off"
          error={error}
          helpText={helpText}
          disabled={disabled}
          connectedRight={
            <Button onClick={add} disabled={disabled || !pending.trim()} accessibilityLabel={`Add to ${label.toLowerCase()}`}>
              Add
            </Button>
          }
        />
      </div>
      {values.length > 0 ? (
        <InlineStack gap="200">
          {values.map((value) => (
            <Tag key={value} onRemove={disabled ? undefined : () => onChange(values.filter((v) => v !== value))}>
              {value}
            </Tag>
          ))}
        </InlineStack>
      ) : null}
      {values.map((value) => (
        <input key={value} type="hidden" name={name} value={value} />
      ))}
    </BlockStack>
  );
}
