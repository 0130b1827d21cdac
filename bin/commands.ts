import { z } from "zod";
import { createApiKey } from "../app/.server/api-keys/create-api-key";
import type { OutboxStatus, PrismaClient } from "../app/.server/db.server";
import { importDemoOrders } from "../app/.server/demo/import-demo-orders";
import { parseDemoOrders } from "../app/.server/demo/demo-orders";
import { AppError, validationError } from "../app/.server/errors";
import { retryJob } from "../app/.server/jobs/retry-job";
import { readFile } from "node:fs/promises";
import { ensureStartingPolicy } from "../app/.server/policies/ensure-starting-policy.server";
import { createConnectCode } from "../app/.server/woocommerce/create-connect-code.server";

export const USAGE = `Usage: dokani <command> [options]   (in a checkout: npm run dokani -- <command> [options])

Commands:
  shops:create --domain D --platform demo|shopify [--name N] [--currency USD]
                                   Create a store.
  api-keys:create --shop D [--name N] [--scope read|write]
                                   Create a merchant API key and print it (it is shown only once);
                                   a read key can only read (default: write).
  mcp --shop D                     Serve the store's MCP tools over stdio, for an AI assistant on
                                   this machine (every action audited as "Local MCP (stdio)").
  orders:import --shop D --file F  Import demo orders from a JSON file (API.md, "Demo data").
  jobs:list --shop D [--status failed|pending|running|dispatched|completed]
                                   List a store's background jobs.
  jobs:retry --id JOB_ID           Retry a failed job.
  woocommerce:connect-code [--label L]
                                   Create a one-time code (15 minutes) that connects a WooCommerce
                                   store through the Dokani WordPress plugin; it is shown only once.

The database is PostgreSQL when DATABASE_URL is set, otherwise the embedded one in DOKANI_DATA_DIR
(stop a running server first: the embedded database has one user at a time).`;

type Options = Record<string, string | undefined>;

const domainSchema = z
  .string({ error: "is required" })
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,255}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, "must be a host name such as my-store.myshopify.com");

const ShopsCreate = z.object({
  domain: domainSchema,
  platform: z.enum(["demo", "shopify"], { error: "must be demo or shopify (WooCommerce stores connect with a connect code)" }),
  name: z.string().trim().min(1).max(200).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter currency code such as USD").default("USD"),
});

function parse<T extends z.ZodType>(schema: T, values: Options): z.infer<T> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw validationError(parsed.error, "Some options are missing or invalid.");
  return parsed.data;
}

export async function findShop(prisma: PrismaClient, domain: string | undefined) {
  const name = parse(z.object({ shop: domainSchema }), { shop: domain }).shop;
  const shop = await prisma.shop.findFirst({ where: { domain: name } });
  if (!shop) throw new AppError("not_found", `No store ${name}. Create it with: dokani shops:create --domain ${name} --platform demo`);
  return shop;
}

/** Runs one CLI command and returns what to print. */
export async function runCommand(prisma: PrismaClient, command: string, values: Options): Promise<string> {
  switch (command) {
    case "shops:create": {
      const input = parse(ShopsCreate, values);
      const existing = await prisma.shop.findUnique({ where: { platform_domain: { platform: input.platform, domain: input.domain } } });
      if (existing) throw new AppError("conflict", `The store ${input.domain} already exists.`);
      const shop = await prisma.$transaction(async (tx) => {
        const created = await tx.shop.create({
          data: { platform: input.platform, domain: input.domain, name: input.name ?? input.domain.split(".")[0]!, currency: input.currency },
        });
        await ensureStartingPolicy(tx, created.id);
        return created;
      });
      return `Created store ${shop.domain} (${shop.platform}, id ${shop.id}) with the default return policy active`;
    }
    case "api-keys:create": {
      const shop = await findShop(prisma, values.shop);
      const name = values.name?.trim() || "CLI key";
      const scope = parse(z.object({ scope: z.enum(["read", "write"], { error: "must be read or write" }).default("write") }), { scope: values.scope }).scope;
      const key = await createApiKey(prisma, shop.id, { name, createdBy: "cli", scope });
      return `Created ${scope === "read" ? "read-only " : ""}API key "${name}" for ${shop.domain}. Store it now: it will not be shown again.\n${key.key}`;
    }
    case "orders:import": {
      const shop = await findShop(prisma, values.shop);
      if (shop.platform !== "demo") throw new AppError("invalid_request", `${shop.domain} is a ${shop.platform} store: its orders come from the platform.`);
      if (!values.file) throw new AppError("invalid_request", "Name the JSON file with --file.");
      let json: unknown;
      try {
        json = JSON.parse(await readFile(values.file, "utf8"));
      } catch (error) {
        throw new AppError("invalid_request", `Cannot read ${values.file} as JSON: ${(error as Error).message}`);
      }
      let orders;
      try {
        orders = parseDemoOrders(json);
      } catch (error) {
        throw new AppError("invalid_request", `${values.file}: ${(error as Error).message}`);
      }
      const result = await importDemoOrders(prisma, shop.id, orders);
      return `Imported ${orders.length} orders into ${shop.domain}: ${result.created} new, ${result.updated} updated.`;
    }
    case "jobs:list": {
      const shop = await findShop(prisma, values.shop);
      const status = values.status ? parse(z.object({ status: z.enum(["pending", "dispatched", "running", "completed", "failed"]) }), values).status : undefined;
      const jobs = await prisma.jobOutbox.findMany({
        where: { shopId: shop.id, ...(status ? { status: status as OutboxStatus } : {}) },
        orderBy: { createdAt: "desc" },
        take: 50,
      });
      if (!jobs.length) return "No jobs.";
      return jobs.map((j) => `${j.id}  ${j.status.padEnd(10)} ${j.name.padEnd(36)} ${j.attempts}/${j.maxAttempts}  ${j.lastError ?? ""}`).join("\n");
    }
    case "jobs:retry": {
      const id = parse(z.object({ id: z.string().uuid("must be a job id") }), values).id;
      await retryJob(prisma, id);
      return `Job ${id} will run again.`;
    }
    case "woocommerce:connect-code": {
      const label = parse(z.object({ label: z.string().trim().max(100, "must be at most 100 characters").optional() }), values).label;
      const created = await createConnectCode(prisma, { label: label || null });
      return `Connect code${label ? ` "${label}"` : ""} (valid until ${created.expiresAt.toISOString()}, once; it will not be shown again):\n${created.code}`;
    }
    default:
      throw new AppError("invalid_request", `Unknown command "${command}".\n\n${USAGE}`);
  }
}
