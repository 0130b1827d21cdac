import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

const url = new URL(process.env.MCP_URL ?? "http://127.0.0.1:3177/mcp");
const show = (label: string, value: unknown) => console.log(`\n${label}\n${typeof value === "string" ? value : JSON.stringify(value, null, 2)}`);
type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: Array<{ text?: string }> };

async function session(key: string, title: string) {
  console.log(`\n===== ${title} =====`);
  const client = new Client({ name: "transcript", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
  show("server", { ...client.getServerVersion(), instructions: client.getInstructions() });
  const tools = await client.listTools();
  show("tools/list", tools.tools.map((t) => `${t.name}${t.annotations?.readOnlyHint ? "" : " (write)"}`).join(", "));
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as Result;
    show(`tools/call ${name} ${JSON.stringify(args)} -> isError=${Boolean(result.isError)}`, result.content[0]!.text!);
    return result;
  };
  const list = await call("list_returns", { status: "pending_review", limit: 5 });
  const first = (list.structuredContent as { data: Array<{ id: string }> }).data[0]!;
  const explained = await call("explain_return_decision", { id: first.id });
  const s = explained.structuredContent as Record<string, unknown>;
  show("  structuredContent (excerpt)", { decision: s.decision, policyVersion: s.policyVersion, risk: s.risk, aiRecommendation: s.aiRecommendation, canApprove: s.canApprove });
  const approved = await call("approve_return", { id: first.id, note: "Checked the photos and the risk factors with the assistant" });
  if (approved.isError) show("  structuredContent", approved.structuredContent);
  else show("  timeline (last entry)", (approved.structuredContent as { timeline: unknown[] }).timeline.at(-1));
  await client.close();
}

await session(process.env.WRITE_KEY!, "Session 1: write key \"Claude (write)\"");
await session(process.env.READ_KEY!, "Session 2: read key \"Claude (read)\"");
