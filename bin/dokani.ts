import { parseArgs } from "node:util";
import { openAppDatabase } from "../app/.server/boot.server";
import { closeDatabase, type PrismaClient } from "../app/.server/db.server";
import { loadEnvOrExit } from "../app/.server/env.server";
import { AppError } from "../app/.server/errors";
import { configureLogger } from "../app/.server/logger.server";
import { serveMerchantStdio } from "../app/.server/mcp/serve-stdio.server";
import { findShop, runCommand, USAGE } from "./commands";

/** `dokani <command> [options]`: store administration from a shell, on whichever database the environment names. */
async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") {
    console.log(USAGE);
    return 0;
  }
  const config = loadEnvOrExit();
  // The stdio MCP server speaks its protocol on stdout: everything else goes to stderr.
  configureLogger({ level: process.env.LOG_LEVEL ?? "warn", stderr: command === "mcp" });
  const { values } = parseArgs({
    args: rest,
    options: {
      domain: { type: "string" },
      platform: { type: "string" },
      name: { type: "string" },
      currency: { type: "string" },
      shop: { type: "string" },
      file: { type: "string" },
      status: { type: "string" },
      id: { type: "string" },
      scope: { type: "string" },
      label: { type: "string" },
    },
    strict: true,
  });
  let prisma: PrismaClient;
  try {
    prisma = (await openAppDatabase(config)).prisma;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  if (command === "mcp") return serveMcp(prisma, values);
  try {
    const output = await runCommand(prisma, command, values);
    console.log(output);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`${error.message}${error.fields ? ` (${Object.entries(error.fields).map(([k, v]) => `${k}: ${v}`).join("; ")})` : ""}`);
      return 2;
    }
    throw error;
  } finally {
    await closeDatabase();
  }
}

/** `dokani mcp --shop D [--scope read] [--name N]`: the merchant MCP tools over stdio until the client closes stdin. */
async function serveMcp(prisma: PrismaClient, values: Record<string, string | undefined>): Promise<number> {
  try {
    const shop = await findShop(prisma, values.shop);
    if (values.scope !== undefined && values.scope !== "read" && values.scope !== "write") throw new AppError("invalid_request", "--scope must be read or write.");
    const closed = new Promise<void>((resolve) => process.stdin.once("end", resolve).once("close", resolve));
    serveMerchantStdio(shop, { scope: values.scope as "read" | "write" | undefined, name: values.name });
    console.error(`Dokani MCP server for ${shop.domain} on stdio (${values.scope === "read" ? "read only" : "read and write"}).`);
    await closed;
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    await closeDatabase();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`dokani: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
