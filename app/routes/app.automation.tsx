import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link as RemixLink, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, InlineStack, Layout, Page, ProgressBar, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { readAutomationSettings, AutomationSettingsSchema } from "../.server/automation/automation-settings";
import { toRuleBacktestView } from "../.server/automation/rule-backtest-view";
import { startRuleBacktest } from "../.server/automation/run-rule-backtest.server";
import { RULE_BACKTEST_DAYS, WEEKDAYS } from "../components/automation/choices";
import { createRule, deleteRule, listRules, moveRule, setRuleEnabled, toRuleView, updateRule } from "../.server/automation/rules.server";
import { createSavedReply, deleteSavedReply, listSavedReplies, toSavedReplyView } from "../.server/automation/saved-replies.server";
import { db } from "../.server/db.server";
import { AppError } from "../.server/errors";
import { authenticateAdmin } from "../.server/shops/authenticate-admin.server";
import { updateShopSettings } from "../.server/shops/update-shop-settings.server";

export const meta: MetaFunction = () => [{ title: "Automation · Dokani" }];

const CHANNELS = ["chat", "email", "whatsapp", "voice", "video"] as const;
const PRIORITY_LIST = ["urgent", "high", "normal", "low"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await authenticateAdmin(request);
  const url = new URL(request.url);
  const backtestId = url.searchParams.get("backtest");
  const backtest = backtestId && /^[0-9a-f-]{36}$/i.test(backtestId) ? await db().automationBacktest.findFirst({ where: { id: backtestId, shopId: ctx.shop.id } }) : null;
  const shop = await db().shop.findUniqueOrThrow({ where: { id: ctx.shop.id } });
  return {
    me: { id: ctx.actor.id, name: ctx.actor.name },
    rules: (await listRules(ctx)).map(toRuleView),
    replies: (await listSavedReplies(ctx)).map(toSavedReplyView),
    endpoints: await db().webhookEndpoint.findMany({ where: { shopId: ctx.shop.id }, select: { id: true, url: true } }),
    settings: readAutomationSettings(shop.settings),
    backtest: backtest ? toRuleBacktestView(backtest) : null,
  };
}

type ActionResult = { ok: boolean; intent: string; message?: string; fields?: Record<string, string>; backtestId?: string };

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_rules", "The rule document is not valid JSON.", { fields: { [field]: "is not valid JSON" } });
  }
}

export async function action({ request }: ActionFunctionArgs): Promise<ActionResult> {
  const ctx = await authenticateAdmin(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    switch (intent) {
      case "save_rule":
      case "try_rule": {
        const document = parseJson(text("document"), "document") as Record<string, unknown>;
        if (intent === "try_rule") {
          const backtest = await startRuleBacktest(ctx, { definition: document, days: Number(text("days")), ruleId: text("ruleId") || null });
          return { ok: true, intent, backtestId: backtest.id };
        }
        const input = { ...document, name: text("name"), enabled: form.get("enabled") === "on" };
        if (text("ruleId")) await updateRule(ctx, text("ruleId"), input);
        else await createRule(ctx, input);
        return { ok: true, intent, message: "Rule saved." };
      }
      case "toggle_rule":
        await setRuleEnabled(ctx, text("ruleId"), text("enabled") === "true");
        return { ok: true, intent };
      case "move_rule":
        await moveRule(ctx, text("ruleId"), text("direction") === "up" ? "up" : "down");
        return { ok: true, intent };
      case "delete_rule":
        await deleteRule(ctx, text("ruleId"));
        return { ok: true, intent, message: "Rule deleted." };
      case "save_reply":
        await createSavedReply(ctx, { name: text("replyName"), body: text("replyBody") });
        return { ok: true, intent, message: "Saved reply added." };
      case "delete_reply":
        await deleteSavedReply(ctx, text("replyId"));
        return { ok: true, intent };
      case "save_settings": {
        const openings = text("openings")
          .split(/\n+/)
          .map((l) => l.trim())
          .filter(Boolean)
          .map((line) => {
            const m = /^(\w{3})\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(line);
            return m ? { day: m[1]!.toLowerCase(), open: m[2], close: m[3] } : { day: line, open: "", close: "" };
          });
        const candidate = {
          businessHours: { enabled: form.get("hoursEnabled") === "on", openings },
          aiChannels: Object.fromEntries(CHANNELS.map((c) => [c, text(`ai_${c}`)])),
          awayMessage: text("awayMessage").trim() || undefined,
          sla: Object.fromEntries(PRIORITY_LIST.map((p) => [p, { firstResponseMinutes: Number(text(`sla_${p}_first`)), resolutionMinutes: Number(text(`sla_${p}_resolution`)) }])),
        };
        const parsed = AutomationSettingsSchema.safeParse(candidate);
        if (!parsed.success) return { ok: false, intent, message: "Some settings are invalid.", fields: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])) };
        const result = await updateShopSettings(ctx, { automation: parsed.data });
        return result.ok ? { ok: true, intent, message: "Settings saved." } : { ok: false, intent, fields: result.fields };
      }
      default:
        return { ok: false, intent, message: "That action is not one this page offers." };
    }
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return { ok: false, intent, message: error.message, fields: error.fields };
    throw error;
  }
}

const EXAMPLE = (me: { id: string | null | undefined; name: string | null | undefined }, replyId: string | undefined) =>
  JSON.stringify(
    {
      trigger: { type: "message_received", channels: ["whatsapp", "email"] },
      conditions: { match: "all", conditions: [{ type: "text_contains", any: ["damaged", "broken", "arrived damaged"] }] },
      actions: [
        { type: "add_tag", tag: "damaged" },
        { type: "set_priority", priority: "high" },
        { type: "assign", assigneeId: me.id ?? "me", assigneeName: me.name ?? "Me" },
        ...(replyId ? [{ type: "reply", savedReplyId: replyId }] : []),
      ],
    },
    null,
    2,
  );

/** The merchant's rules (ordered, tried before they are switched on), saved replies, the AI per channel, business hours and SLA targets. */
export default function Automation() {
  const { rules, replies, settings, backtest, me, endpoints } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const damaged = replies.find((r) => r.name.toLowerCase().includes("damaged"));
  const [editing, setEditing] = useState<string | null>(null);
  const rule = rules.find((r) => r.id === editing);
  const [name, setName] = useState("Damaged items");
  const [enabled, setEnabled] = useState(false);
  const [document, setDocument] = useState(() => EXAMPLE(me, damaged?.id));
  const [days, setDays] = useState("30");
  const [form, setForm] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries(CHANNELS.map((c) => [`ai_${c}`, settings.aiChannels[c]])),
    openings: settings.businessHours.openings.map((o) => `${o.day} ${o.open}-${o.close}`).join("\n"),
    awayMessage: settings.awayMessage ?? "",
    ...Object.fromEntries(PRIORITY_LIST.flatMap((p) => [[`sla_${p}_first`, String(settings.sla[p].firstResponseMinutes)], [`sla_${p}_resolution`, String(settings.sla[p].resolutionMinutes)]])),
  }));
  const [hoursEnabled, setHoursEnabled] = useState(settings.businessHours.enabled);
  const field = (key: string) => ({ name: key, value: form[key] ?? "", onChange: (value: string) => setForm((f) => ({ ...f, [key]: value })) });
  const fields = result?.fields ?? {};
  const documentError = Object.entries(fields)
    .filter(([k]) => k !== "name")
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");

  const startEditing = (id: string) => {
    const chosen = rules.find((r) => r.id === id);
    if (!chosen) return;
    setEditing(id);
    setName(chosen.name);
    setEnabled(chosen.enabled);
    setDocument(JSON.stringify({ trigger: chosen.trigger, conditions: chosen.conditions, actions: chosen.actions }, null, 2));
  };
  // A backtest in progress: look again every second until it is done.
  useEffect(() => {
    if (!backtest || backtest.status === "completed" || backtest.status === "failed") return;
    const timer = setInterval(() => revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [backtest, revalidator]);
  useEffect(() => {
    if (result?.backtestId && typeof window !== "undefined") {
      const url = new URL(window.location.href);
      url.searchParams.set("backtest", result.backtestId);
      window.history.replaceState(null, "", url);
      revalidator.revalidate();
    }
  }, [result?.backtestId, revalidator]);
  const busy = navigation.state !== "idle";
  const backtestResult = backtest?.result as { events: number; matched: number; wouldDo: string[]; matches: Array<{ at: string; who: string | null; excerpt: string | null; conversationId: string | null; returnId: string | null }> } | null;

  return (
    <Page title="Automation" subtitle="Your own rules, tried on past conversations before they run; saved replies; when the AI answers; SLA targets." secondaryActions={[{ content: "Webhooks", url: "/app/automation/webhooks" }]}>
      <Layout>
        {result?.message ? (
          <Layout.Section>
            <Banner tone={result.ok ? "success" : "critical"} title={result.message} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Rules, in the order they run
              </Text>
              {rules.length === 0 ? <Text as="p" tone="subdued">No rules yet. Write one below, try it on past conversations, then switch it on.</Text> : null}
              {rules.map((r, i) => (
                <InlineStack key={r.id} align="space-between" blockAlign="center" gap="200">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" variant="bodyMd" fontWeight="semibold">
                      {i + 1}. {r.name}
                    </Text>
                    <Badge tone={r.enabled ? "success" : undefined}>{r.enabled ? "On" : "Off"}</Badge>
                    <Text as="span" tone="subdued">
                      {r.trigger?.type.replace(/_/g, " ") ?? "unreadable"} · {r.actions.length} action{r.actions.length === 1 ? "" : "s"}
                    </Text>
                  </InlineStack>
                  <InlineStack gap="100">
                    <Button onClick={() => startEditing(r.id)}>Edit</Button>
                    {(["up", "down"] as const).map((direction) => (
                      <Form method="post" key={direction}>
                        <input type="hidden" name="intent" value="move_rule" />
                        <input type="hidden" name="ruleId" value={r.id} />
                        <input type="hidden" name="direction" value={direction} />
                        <Button submit disabled={(direction === "up" && i === 0) || (direction === "down" && i === rules.length - 1)} accessibilityLabel={`Move ${r.name} ${direction}`}>
                          {direction === "up" ? "↑" : "↓"}
                        </Button>
                      </Form>
                    ))}
                    <Form method="post">
                      <input type="hidden" name="intent" value="toggle_rule" />
                      <input type="hidden" name="ruleId" value={r.id} />
                      <input type="hidden" name="enabled" value={String(!r.enabled)} />
                      <Button submit variant={r.enabled ? undefined : "primary"}>{r.enabled ? "Switch off" : "Switch on"}</Button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="delete_rule" />
                      <input type="hidden" name="ruleId" value={r.id} />
                      <Button submit tone="critical" variant="plain">
                        Delete
                      </Button>
                    </Form>
                  </InlineStack>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <Form method="post">
              <input type="hidden" name="ruleId" value={rule?.id ?? ""} />
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    {rule ? `Edit “${rule.name}”` : "New rule"}
                  </Text>
                  {rule ? <Button onClick={() => setEditing(null)}>New rule instead</Button> : null}
                </InlineStack>
                <TextField label="Name" name="name" value={name} onChange={setName} autoComplete="off" error={fields.name} />
                <Checkbox label="Switched on" name="enabled" checked={enabled} onChange={setEnabled} />
                <TextField
                  label="Trigger, conditions and actions"
                  name="document"
                  value={document}
                  onChange={setDocument}
                  multiline={14}
                  monospaced
                  autoComplete="off"
                  error={documentError || undefined}
                  helpText={`Triggers: message_received, conversation_created, conversation_handed_off, no_reply, satisfaction_rated, return_created, return_decided, return_high_risk, call_ended. Saved replies: ${replies.map((r) => `${r.name} = ${r.id}`).join("; ") || "none yet"}. Endpoints: ${endpoints.map((e) => `${e.url} = ${e.id}`).join("; ") || "none yet"}.`}
                />
                <InlineStack gap="200" blockAlign="end">
                  <button type="submit" name="intent" value="save_rule" className="Polaris-Button Polaris-Button--variantPrimary" disabled={busy}>
                    Save rule
                  </button>
                  <Select label="Try over" labelInline options={RULE_BACKTEST_DAYS.map((d) => ({ label: `last ${d} days`, value: String(d) }))} value={days} onChange={setDays} name="days" />
                  <button type="submit" name="intent" value="try_rule" className="Polaris-Button Polaris-Button--variantSecondary" disabled={busy}>
                    Try on past conversations
                  </button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>

        {backtest ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Tried over the last {backtest.days} days
                </Text>
                {backtest.status === "failed" ? <Banner tone="critical" title="The try failed">{backtest.error}</Banner> : null}
                {backtest.status !== "completed" ? <ProgressBar progress={backtest.progress} size="small" /> : null}
                {backtestResult ? (
                  <BlockStack gap="200">
                    <Text as="p">
                      It would have matched {backtestResult.matched} of {backtestResult.events} events and would have: {backtestResult.wouldDo.join(", ")}. Nothing was changed.
                    </Text>
                    {backtestResult.matches.map((m, i) => (
                      <Box key={i} padding="200" background="bg-surface-secondary" borderRadius="200">
                        <Text as="p">
                          {new Date(m.at).toLocaleString()} · {m.who ?? "a shopper"} ·{" "}
                          {m.conversationId ? <RemixLink to={`/app/conversations/${m.conversationId}`}>{m.excerpt ?? "conversation"}</RemixLink> : m.returnId ? <RemixLink to={`/app/returns/${m.returnId}`}>{m.excerpt ?? "return"}</RemixLink> : m.excerpt}
                        </Text>
                      </Box>
                    ))}
                  </BlockStack>
                ) : null}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Saved replies
              </Text>
              {replies.map((r) => (
                <InlineStack key={r.id} align="space-between" blockAlign="start" gap="200">
                  <BlockStack gap="100">
                    <Text as="span" fontWeight="semibold">
                      {r.name}
                    </Text>
                    <Text as="p" tone="subdued">
                      {r.body}
                    </Text>
                  </BlockStack>
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete_reply" />
                    <input type="hidden" name="replyId" value={r.id} />
                    <Button submit variant="plain" tone="critical">
                      Delete
                    </Button>
                  </Form>
                </InlineStack>
              ))}
              <Form method="post">
                <input type="hidden" name="intent" value="save_reply" />
                <BlockStack gap="200">
                  <TextField label="Name" name="replyName" autoComplete="off" error={result?.intent === "save_reply" ? fields.name : undefined} />
                  <TextField label="Reply" name="replyBody" multiline={3} autoComplete="off" error={result?.intent === "save_reply" ? fields.body : undefined} helpText="Variables: {{contact.first_name|there}}, {{contact.name}}, {{contact.email}}, {{order.name}}, {{order.total}}, {{return.status}}, {{shop.name}}, {{agent.name}}" />
                  <Button submit>Add saved reply</Button>
                </BlockStack>
              </Form>
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="save_settings" />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  When the AI answers, business hours and SLAs
                </Text>
                <InlineStack gap="300" wrap>
                  {CHANNELS.map((c) => (
                    <Select key={c} label={`AI on ${c}`} options={[{ label: "Always", value: "always" }, { label: "Outside business hours", value: "outside_hours" }, { label: "Never (the team answers)", value: "off" }]} {...field(`ai_${c}`)} />
                  ))}
                </InlineStack>
                <Checkbox label="Use business hours (otherwise the shop counts as always open)" name="hoursEnabled" checked={hoursEnabled} onChange={setHoursEnabled} />
                <TextField label="Openings, one a line (day HH:MM-HH:MM, in the shop's time zone)" multiline={4} autoComplete="off" {...field("openings")} helpText={`Days: ${WEEKDAYS.join(", ")}`} error={Object.entries(fields).filter(([k]) => k.startsWith("businessHours")).map(([k, v]) => `${k}: ${v}`).join("; ") || undefined} />
                <TextField label="What the shopper hears when the AI does not answer outside business hours" autoComplete="off" {...field("awayMessage")} helpText="Empty: Dokani's words in the shopper's language." />
                {PRIORITY_LIST.map((p) => (
                  <InlineStack key={p} gap="200" blockAlign="end">
                    <Text as="span" fontWeight="semibold">
                      {p}
                    </Text>
                    <TextField label="First response (minutes)" type="number" autoComplete="off" {...field(`sla_${p}_first`)} error={fields[`sla.${p}.firstResponseMinutes`]} />
                    <TextField label="Resolution (minutes)" type="number" autoComplete="off" {...field(`sla_${p}_resolution`)} error={fields[`sla.${p}.resolutionMinutes`]} />
                  </InlineStack>
                ))}
                <Button submit variant="primary">
                  Save settings
                </Button>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
