import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text?: string }> };
const client = new Client({ name: "shopper-assistant", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL("http://127.0.0.1:3177/apps/dokani/mcp")));
const call = async (name: string, args: Record<string, unknown>) => {
  const r = (await client.callTool({ name, arguments: args })) as Result;
  console.log(`tools/call ${name} -> isError=${Boolean(r.isError)}: ${r.content[0]!.text}`);
  return r;
};
console.log((await client.listTools()).tools.map((t) => t.name).join(", "));
await call("find_order", { orderNumber: process.env.ORDER!, email: "someone.else@example.com" });
const found = await call("find_order", { orderNumber: process.env.ORDER!, email: process.env.EMAIL! });
const { lookupToken, order } = found.structuredContent as { lookupToken: string; order: { lineItems: Array<{ id: string; returnable: boolean }> } };
await call("check_return_eligibility", { lookupToken });
const line = order.lineItems.find((l) => l.returnable)!;
const started = await call("start_return", { lookupToken, items: [{ lineItemId: line.id, quantity: 1, reason: "size_too_large", condition: "unworn" }], resolution: "refund" });
const { return: view, accessToken } = started.structuredContent as { return: { id: string }; accessToken: string };
await call("get_return_status", { returnId: view.id, accessToken });
await client.close();
