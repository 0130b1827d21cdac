import { Badge, InlineStack, Text } from "@shopify/polaris";

type Identity = { kind: string; value: string; verified: boolean };

const KIND_LABELS: Record<string, string> = {
  email: "Email",
  phone: "Phone",
  whatsapp: "WhatsApp",
  shopify_customer: "Shopify customer",
  woocommerce_customer: "WooCommerce customer",
};

/** A contact's identities, each with its kind and whether it was proved. */
export function IdentityBadges({ identities }: { identities: Identity[] }) {
  if (!identities.length) return <Text as="span" tone="subdued">No identities</Text>;
  return (
    <InlineStack gap="100" wrap>
      {identities.map((i) => (
        <Badge key={`${i.kind}:${i.value}`} tone={i.verified ? "success" : undefined}>
          {`${KIND_LABELS[i.kind] ?? i.kind}: ${i.value}${i.verified ? " (verified)" : ""}`}
        </Badge>
      ))}
    </InlineStack>
  );
}

/** How a contact is named in a list: the name, else the first identity. */
export function contactLabel(contact: { name: string | null; identities: Identity[] }): string {
  return contact.name ?? contact.identities[0]?.value ?? "Unnamed contact";
}
