/** How an article's source reads in the admin. */
export const SOURCE_LABELS: Record<string, string> = {
  manual: "Written here",
  shopify_policy: "Shopify policy",
  woocommerce_policy: "WooCommerce policy",
  demo: "Sample help centre",
  import: "Imported",
};
