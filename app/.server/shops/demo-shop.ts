/** The demo store `npm run demo` seeds and serves. */
export const DEMO_SHOP_DOMAIN = "dokani-demo.myshopify.com";
