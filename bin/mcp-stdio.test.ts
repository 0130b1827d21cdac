import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "../app/.server/db.server";
import { openTestDatabase } from "../tests/support/test-database";

/*
 * `npm run dokani -- mcp --shop D` serves the merchant tools over stdio: the official client spawns
 * it exactly as Claude Desktop or Cursor would, on a database of its own (a PostgreSQL clone of the
 * migrated template, or an embedded database in a temporary folder).
 */

const SHOP = "stdio-store.example.com";
const run = promisify(execFile);
let env: NodeJS.ProcessEnv;
let dataDir: string | undefined;
let databaseUrl: string | undefined;

beforeAll(async () => {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", NODE_ENV: "development" };
  if (process.env.DATABASE_URL) {
    const opened = await openTestDatabase();
    await closeDatabase();
    databaseUrl = opened.url;
    env = { ...base, DATABASE_URL: opened.url };
  } else {
    dataDir = await mkdtemp(path.join(tmpdir(), "dokani-stdio-"));
    env = { ...base, DATABASE_URL: "", DOKANI_DATA_DIR: dataDir };
  }
  await run("npx", ["tsx", "bin/dokani.ts", "shops:create", "--domain", SHOP, "--platform", "demo"], { env, cwd: process.cwd() });
}, 120_000);

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    const name = url.pathname.slice(1);
    url.pathname = "/postgres";
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
});

async function connect(args: string[]) {
  const transport = new StdioClientTransport({ command: "npm", args, env: env as Record<string, string>, cwd: process.cwd(), stderr: "ignore" });
  const client = new Client({ name: "dokani-stdio-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

type Result = { isError?: boolean; structuredContent?: Record<string, unknown> };

describe("dokani mcp (stdio)", () => {
  it("lists and calls the same tools, and a write changes the store as the local operator", async () => {
    const client = await connect(["run", "--silent", "dokani", "--", "mcp", "--shop", SHOP]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("approve_return");
    expect(tools).toHaveLength(18);
    const returns = (await client.callTool({ name: "list_returns", arguments: {} })) as Result;
    expect(returns.structuredContent).toEqual({ data: [], nextCursor: null });
    const policy = (await client.callTool({ name: "get_active_policy", arguments: {} })) as Result;
    const rules = { ...(policy.structuredContent!.rules as object), returnWindowDays: 14 };
    const drafted = (await client.callTool({ name: "draft_policy", arguments: { rules } })) as Result;
    expect(drafted.structuredContent).toMatchObject({ version: 2, status: "draft", rules: { returnWindowDays: 14 } });
    const markdown = await client.readResource({ uri: "dokani://policy/active" });
    expect((markdown.contents[0] as { text: string }).text).toContain("return policy, version 1");
    await client.close();
  }, 120_000);

  it("with --scope read, refuses the write tools like a read key", async () => {
    const client = await connect(["run", "dokani", "--", "mcp", "--shop", SHOP, "--scope", "read"]);
    const versions = (await client.callTool({ name: "list_policy_versions", arguments: {} })) as Result;
    expect((versions.structuredContent as { data: Array<{ version: number }> }).data.map((v) => v.version)).toEqual([2, 1]);
    const refused = (await client.callTool({ name: "draft_policy", arguments: { rules: {} } })) as Result;
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toMatchObject({ error: { code: "insufficient_scope" } });
    await client.close();
  }, 120_000);
});
