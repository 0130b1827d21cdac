import { z } from "zod";
import { decryptSecret, encryptSecret } from "../../security/secrets.server";

/**
 * What a connected WooCommerce store's row keeps in `shops.secrets`, AES-256-GCM encrypted as one
 * JSON document: the REST API keys and the store's address (to call it), the proxy secret (the
 * plugin signs storefront requests and sign-in requests with it) and the webhook secret.
 */
export const StoreSecretsSchema = z.object({
  storeUrl: z.url(),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  proxySecret: z.string().min(32),
  webhookSecret: z.string().min(32),
});

export type StoreSecrets = z.infer<typeof StoreSecretsSchema>;

/** Encrypts a store's secrets for `shops.secrets`. */
export function sealStoreSecrets(secrets: StoreSecrets): string {
  return encryptSecret(JSON.stringify(StoreSecretsSchema.parse(secrets)));
}

/** A store's secrets, or null when the row has none or they cannot be read. */
export function openStoreSecrets(sealed: string | null): StoreSecrets | null {
  if (!sealed) return null;
  try {
    const parsed = StoreSecretsSchema.safeParse(JSON.parse(decryptSecret(sealed)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
