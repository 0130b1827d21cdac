import type { DbClient, IntegrationKind, IntegrationStatus, ShopIntegration } from "../db.server";
import { type Prisma } from "../db.server";
import { decryptSecret, encryptSecret } from "../security/secrets.server";

/**
 * The provider accounts a shop connects (API.md, "Provider connections"): one row per shop and kind.
 * Secrets are sealed with the app's key and never leave this module except to the adapter that
 * calls the provider; `details` is what the merchant may read back.
 */

export type IntegrationView = {
  kind: IntegrationKind;
  status: IntegrationStatus;
  details: Record<string, unknown>;
  lastCheckedAt: string | null;
  lastError: string | null;
};

/** A connected integration with its secrets opened, for the adapter that talks to the provider. */
export type OpenedIntegration<Secrets> = { integration: ShopIntegration; details: Record<string, unknown>; secrets: Secrets };

const SECRETS_PURPOSE = "integrations";

/** What the merchant API and the admin show of an integration: never its secrets. */
export function integrationView(row: ShopIntegration): IntegrationView {
  return {
    kind: row.kind,
    status: row.status,
    details: (row.details ?? {}) as Record<string, unknown>,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastError: row.lastError,
  };
}

/** Every integration the shop has connected, in a fixed order. */
export async function listIntegrations(client: DbClient, shopId: string): Promise<ShopIntegration[]> {
  return client.shopIntegration.findMany({ where: { shopId }, orderBy: { kind: "asc" } });
}

/** The shop's integration of one kind with its secrets opened, or null when it has none (or it was disconnected). */
export async function openIntegration<Secrets>(client: DbClient, shopId: string, kind: IntegrationKind): Promise<OpenedIntegration<Secrets> | null> {
  const integration = await client.shopIntegration.findUnique({ where: { shopId_kind: { shopId, kind } } });
  if (!integration || integration.status === "disconnected") return null;
  const secrets = (integration.secrets ? JSON.parse(decryptSecret(integration.secrets, SECRETS_PURPOSE)) : {}) as Secrets;
  return { integration, details: (integration.details ?? {}) as Record<string, unknown>, secrets };
}

/**
 * Saves a connection that passed its provider check: details and sealed secrets replace what was
 * there, the status becomes `connected` and the check time is now. Callers check first and save
 * only on success, so a failed check writes nothing.
 */
export async function saveIntegration(
  client: DbClient,
  input: { shopId: string; kind: IntegrationKind; details: Record<string, unknown>; secrets?: Record<string, unknown>; now?: Date },
): Promise<ShopIntegration> {
  const now = input.now ?? new Date();
  const sealed = input.secrets ? encryptSecret(JSON.stringify(input.secrets), SECRETS_PURPOSE) : null;
  const data = { status: "connected" as const, details: input.details as Prisma.InputJsonObject, secrets: sealed, lastCheckedAt: now, lastError: null };
  return client.shopIntegration.upsert({
    where: { shopId_kind: { shopId: input.shopId, kind: input.kind } },
    create: { shopId: input.shopId, kind: input.kind, ...data },
    update: data,
  });
}

/** Records the outcome of a later check (a provider that started refusing the credentials, or recovered). */
export async function recordIntegrationCheck(client: DbClient, input: { shopId: string; kind: IntegrationKind; error: string | null; now?: Date }): Promise<void> {
  await client.shopIntegration.updateMany({
    where: { shopId: input.shopId, kind: input.kind, status: { not: "disconnected" } },
    data: { status: input.error ? "failing" : "connected", lastError: input.error?.slice(0, 500) ?? null, lastCheckedAt: input.now ?? new Date() },
  });
}

/** Disconnects: the row and its secrets are deleted. Answers whether there was one. */
export async function removeIntegration(client: DbClient, shopId: string, kind: IntegrationKind): Promise<boolean> {
  const { count } = await client.shopIntegration.deleteMany({ where: { shopId, kind } });
  return count > 0;
}
