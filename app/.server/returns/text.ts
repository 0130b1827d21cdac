// Shopper text is validated the same way at every edge; the one definition lives with the HTTP helpers.
export { shopperText } from "../http/shopper-text";
