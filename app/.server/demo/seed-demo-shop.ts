import { randomUUID } from "node:crypto";
import { rebuildShopAnalytics } from "../analytics/rebuild-shop-analytics.server";
import { Prisma, type PrismaClient, type Tx } from "../db.server";
import { DEFAULT_POLICY_RULES } from "../policies/default-policy";
import { DEMO_SHOP_DOMAIN } from "../shops/demo-shop";
import { DEMO_CURRENCY, DEMO_SHOP_NAME } from "./catalog";
import { DEMO_SHOPPER_PHONE, type DemoProductInput } from "./demo-orders";
import { ensureDemoVariants } from "./demo-variants";
import type { DemoOrderInput } from "./demo-orders";
import {
  generateDemoData,
  type DemoArticle,
  type DemoConversation,
  type DemoData,
  type DemoMessage,
  type DemoReturn,
  type DemoRiskProfile,
} from "./generate-demo-data";
import { importDemoOrders } from "./import-demo-orders";
import { chunkArticle } from "../knowledge/chunk-article";

/**
 * Creates the demo store with its policy, orders, history and help centre in one transaction, so a
 * crash half-way leaves no half-seeded shop behind, and a second start finds it and does nothing.
 */

/** Which shop to seed, as of when, and with which orders. */
export type SeedDemoShopOptions = {
  domain?: string;
  now?: Date;
  /** Exactly these orders and no invented history on them (API.md, `DOKANI_DEMO_ORDERS`). */
  orders?: DemoOrderInput[];
  /** The catalogue and stock of a demo file; absent: the demo catalogue's. */
  products?: DemoProductInput[];
  seed?: number;
};

/** The shop, whether this call created it, and how many rows of each kind it wrote. */
export type SeedDemoShopResult = { shopId: string; created: boolean; counts: Record<string, number> };

const OWNER_EMAIL = "owner@dokani-demo.example";
// The policy predates the generated history, so every past return was decided under it.
const POLICY_AGE_DAYS = 150;

const json = (value: unknown) => value as Prisma.InputJsonValue;

/** The Postgres type of each column a row fills; every key of the row must be listed. */
type SqlTypes<Row> = { readonly [K in keyof Row]-?: string };

const TIMESTAMP = "timestamp(3)";

// Prisma's createMany binds one parameter per column per row, and on PGlite that cost most of a
// second for the demo's thousand-odd rows. One jsonb parameter that Postgres unpacks costs a tenth
// of that. Rows are still checked against Prisma's create types where they are built.
async function insertRows<Row extends object>(tx: Tx, table: string, types: SqlTypes<Row>, rows: readonly Row[]) {
  if (rows.length === 0) return 0;
  const columns = Object.entries<string>(types);
  const names = Prisma.raw(columns.map(([name]) => `"${name}"`).join(", "));
  const record = Prisma.raw(columns.map(([name, type]) => `"${name}" ${type}`).join(", "));
  return tx.$executeRaw`
    INSERT INTO ${Prisma.raw(`"${table}"`)} (${names})
    SELECT ${names} FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS u(${record})`;
}

function articleRows(shopId: string, articles: readonly DemoArticle[]) {
  return articles.map((article) => ({
    row: {
      id: randomUUID(),
      shopId,
      title: article.title,
      body: article.body,
      status: article.status,
      source: "demo" as const,
      sourceRef: article.slug,
      tags: article.tags,
      publishedAt: article.publishedAt,
      createdAt: article.createdAt,
      updatedAt: article.updatedAt,
    } satisfies Prisma.KnowledgeArticleCreateManyInput,
    article,
  }));
}

const ARTICLE_TYPES: SqlTypes<ReturnType<typeof articleRows>[number]["row"]> = {
  id: "uuid",
  shopId: "uuid",
  title: "text",
  body: "text",
  status: '"ArticleStatus"',
  source: '"ArticleSource"',
  sourceRef: "text",
  tags: "text[]",
  publishedAt: TIMESTAMP,
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};

type ChunkRow = Required<Pick<Prisma.KnowledgeChunkCreateManyInput, "id" | "shopId" | "articleId" | "position" | "heading" | "text">>;
const CHUNK_TYPES: SqlTypes<ChunkRow> = {
  id: "uuid",
  shopId: "uuid",
  articleId: "uuid",
  position: "int4",
  heading: "text",
  text: "text",
};

async function seedArticles(tx: Tx, shopId: string, articles: readonly DemoArticle[]) {
  const rows = articleRows(shopId, articles);
  await insertRows(tx, "knowledge_articles", ARTICLE_TYPES, rows.map(({ row }) => row));
  const chunks: ChunkRow[] = rows.flatMap(({ row, article }) =>
    chunkArticle(article.title, article.body).map((chunk, position) => ({
      id: randomUUID(),
      shopId,
      articleId: row.id,
      position,
      heading: chunk.heading,
      text: chunk.text,
    })),
  );
  await insertRows(tx, "knowledge_chunks", CHUNK_TYPES, chunks);
  return { articles: rows.length, knowledgeChunks: chunks.length };
}

function conversationRow(shopId: string, id: string, conversation: DemoConversation) {
  const { key: _key, messages: _messages, ...fields } = conversation;
  return { ...fields, id, shopId } satisfies Prisma.ConversationCreateManyInput;
}

const CONVERSATION_TYPES: SqlTypes<ReturnType<typeof conversationRow>> = {
  id: "uuid",
  shopId: "uuid",
  channel: '"Channel"',
  status: '"ConversationStatus"',
  customerEmail: "text",
  customerName: "text",
  subject: "text",
  assigneeId: "text",
  assigneeName: "text",
  aiActive: "boolean",
  summary: "text",
  unreadCount: "int4",
  handoffCount: "int4",
  handedOffAt: TIMESTAMP,
  snoozedUntil: TIMESTAMP,
  firstResponseAt: TIMESTAMP,
  resolvedAt: TIMESTAMP,
  resolvedByAi: "boolean",
  satisfaction: "int4",
  lastMessageAt: TIMESTAMP,
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};

function messageRow(shopId: string, conversationId: string, message: DemoMessage) {
  return {
    id: randomUUID(),
    shopId,
    conversationId,
    role: message.role,
    text: message.text,
    internal: message.internal,
    authorName: message.authorName,
    sources: message.sources ? json(message.sources) : undefined,
    toolCalls: message.toolCalls ? json(message.toolCalls) : undefined,
    createdAt: message.createdAt,
  } satisfies Prisma.MessageCreateManyInput;
}

const MESSAGE_TYPES: SqlTypes<ReturnType<typeof messageRow>> = {
  id: "uuid",
  shopId: "uuid",
  conversationId: "uuid",
  role: '"MessageRole"',
  text: "text",
  internal: "boolean",
  authorName: "text",
  sources: "jsonb",
  toolCalls: "jsonb",
  createdAt: TIMESTAMP,
};

function returnRow(shopId: string, policyId: string, id: string, conversationId: string | undefined, source: DemoReturn) {
  const { key: _key, conversationKey: _conversation, items: _items, timeline: _timeline, ...fields } = source;
  return {
    ...fields,
    id,
    shopId,
    policyId,
    conversationId,
    decisionReasons: json(fields.decisionReasons),
    riskFactors: json(fields.riskFactors),
    aiRecommendation: fields.aiRecommendation ? json(fields.aiRecommendation) : undefined,
  } satisfies Prisma.ReturnRequestCreateManyInput;
}

const RETURN_TYPES: SqlTypes<ReturnType<typeof returnRow>> = {
  id: "uuid",
  shopId: "uuid",
  platformOrderId: "text",
  orderName: "text",
  orderProcessedAt: TIMESTAMP,
  orderDeliveredAt: TIMESTAMP,
  orderTotal: "numeric",
  currency: "text",
  customerEmail: "text",
  customerName: "text",
  customerIp: "text",
  status: '"ReturnStatus"',
  resolution: '"Resolution"',
  note: "text",
  policyId: "uuid",
  policyVersion: "int4",
  decisionOutcome: '"DecisionOutcome"',
  decisionReasons: "jsonb",
  decisionExplanation: "text",
  decidedAt: TIMESTAMP,
  decidedBy: "text",
  riskScore: "numeric",
  riskFactors: "jsonb",
  aiRecommendation: "jsonb",
  refundEstimate: "numeric",
  restockingFee: "numeric",
  storeCreditBonus: "numeric",
  refundedAmount: "numeric",
  conversationId: "uuid",
  receivedAt: TIMESTAMP,
  completedAt: TIMESTAMP,
  cancelledAt: TIMESTAMP,
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};

function itemRow(returnId: string, item: DemoReturn["items"][number]) {
  return { ...item, id: randomUUID(), returnId } satisfies Prisma.ReturnItemCreateManyInput;
}

const ITEM_TYPES: SqlTypes<ReturnType<typeof itemRow>> = {
  id: "uuid",
  returnId: "uuid",
  lineItemId: "text",
  title: "text",
  variantTitle: "text",
  sku: "text",
  productType: "text",
  tags: "text[]",
  quantity: "int4",
  unitPrice: "numeric",
  reason: '"ReturnReason"',
  condition: '"ItemCondition"',
  note: "text",
  restock: "boolean",
};

function auditRow(shopId: string, returnId: string, entry: DemoReturn["timeline"][number]) {
  return {
    id: randomUUID(),
    shopId,
    entityType: "return",
    entityId: returnId,
    action: entry.action,
    actorType: entry.actorType,
    actorId: entry.actorId,
    message: entry.message,
    data: json(entry.data),
    createdAt: entry.createdAt,
  } satisfies Prisma.AuditLogCreateManyInput;
}

const AUDIT_TYPES: SqlTypes<ReturnType<typeof auditRow>> = {
  id: "uuid",
  shopId: "uuid",
  entityType: "text",
  entityId: "text",
  action: "text",
  actorType: '"ActorType"',
  actorId: "text",
  message: "text",
  data: "jsonb",
  createdAt: TIMESTAMP,
};

function riskRow(shopId: string, now: Date, profile: DemoRiskProfile) {
  return {
    ...profile,
    id: randomUUID(),
    shopId,
    updatedAt: profile.lastReturnAt ?? now,
  } satisfies Prisma.CustomerRiskProfileCreateManyInput;
}

const RISK_TYPES: SqlTypes<ReturnType<typeof riskRow>> = {
  id: "uuid",
  shopId: "uuid",
  email: "text",
  orderCount: "int4",
  returnCount: "int4",
  deniedCount: "int4",
  returnedValue: "numeric",
  riskScore: "numeric",
  flags: "text[]",
  lastReturnAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
};

async function seedHistory(tx: Tx, shopId: string, policyId: string, now: Date, data: DemoData) {
  const conversationIds = new Map(data.conversations.map((c) => [c.key, randomUUID()]));
  const conversations = data.conversations.map((c) => conversationRow(shopId, conversationIds.get(c.key) as string, c));
  const messages = data.conversations.flatMap((c) =>
    c.messages.map((message) => messageRow(shopId, conversationIds.get(c.key) as string, message)),
  );
  const returnIds = data.returns.map(() => randomUUID());
  const returns = data.returns.map((r, index) =>
    returnRow(shopId, policyId, returnIds[index] as string, r.conversationKey ? conversationIds.get(r.conversationKey) : undefined, r),
  );
  const items = data.returns.flatMap((r, index) => r.items.map((item) => itemRow(returnIds[index] as string, item)));
  const audit = data.returns.flatMap((r, index) => r.timeline.map((entry) => auditRow(shopId, returnIds[index] as string, entry)));
  const profiles = data.riskProfiles.map((profile) => riskRow(shopId, now, profile));

  await insertRows(tx, "conversations", CONVERSATION_TYPES, conversations);
  await insertRows(tx, "messages", MESSAGE_TYPES, messages);
  await insertRows(tx, "return_requests", RETURN_TYPES, returns);
  await insertRows(tx, "return_items", ITEM_TYPES, items);
  await insertRows(tx, "audit_log", AUDIT_TYPES, audit);
  await insertRows(tx, "customer_risk_profiles", RISK_TYPES, profiles);
  return {
    returns: returns.length,
    returnItems: items.length,
    returnAuditEntries: audit.length,
    riskProfiles: profiles.length,
    conversations: conversations.length,
    messages: messages.length,
  };
}

/** Seeds the demo shop unless it exists; with `orders`, exactly those orders and no invented history. */
/** The demo's saved reply for damaged items, used by the example rule (WhatsApp or email mentioning damage). */
export const DEMO_DAMAGED_REPLY = {
  name: "Damaged item",
  body: "Hi {{contact.first_name|there}}, I'm so sorry your order arrived damaged. Could you reply with a photo of the item and its packaging? We'll send a replacement or refund it right away. — {{shop.name}}",
};

export async function seedDemoShop(
  client: PrismaClient,
  options: SeedDemoShopOptions = {},
): Promise<SeedDemoShopResult> {
  const domain = (options.domain ?? DEMO_SHOP_DOMAIN).trim().toLowerCase();
  const existing = await client.shop.findUnique({
    where: { platform_domain: { platform: "demo", domain } },
    select: { id: true },
  });
  if (existing) return { shopId: existing.id, created: false, counts: {} };

  const now = options.now ?? new Date();
  const data = generateDemoData({ now, seed: options.seed });
  const custom = options.orders !== undefined;
  const policySince = custom ? now : new Date(now.getTime() - POLICY_AGE_DAYS * 24 * 3_600_000);

  return client.$transaction(
    async (tx) => {
      const shop = await tx.shop.create({
        data: {
          platform: "demo",
          domain,
          name: DEMO_SHOP_NAME,
          email: OWNER_EMAIL,
          currency: DEMO_CURRENCY,
          timezone: "America/New_York",
          settings: {
            aiEnabled: true,
            assistantName: "Dani",
            tone: "friendly",
            notificationEmail: OWNER_EMAIL,
            // A store a shopper can actually send things back to: an address, a counter, and no parcel for small items.
            returnMethods: {
              sendWithinDays: 14,
              ship: { enabled: true, address: "Dokani Outfitters Returns\n225 Kent Avenue, Unit 4\nBrooklyn, NY 11249\nUnited States", instructions: "Fold the items and put them in the mailer bag your order came in." },
              dropOff: { enabled: true, locations: [{ name: "Dokani Outfitters, Williamsburg", address: "225 Kent Avenue, Brooklyn, NY 11249", hours: "Mon–Sat 10:00–19:00" }], instructions: "" },
              keepItem: { enabled: true, maxValue: "12.00" },
            },
          },
          installedAt: policySince,
          createdAt: policySince,
        },
      });
      const policy = await tx.policy.create({
        data: {
          shopId: shop.id,
          version: 1,
          status: "active",
          rules: json(DEFAULT_POLICY_RULES),
          notes: "Starting policy: 30 days from delivery, 14 for swimwear, 60 for the holiday edit.",
          createdBy: "system",
          createdAt: policySince,
          activatedAt: policySince,
        },
      });
      const orders = await importDemoOrders(tx, shop.id, options.orders ?? data.orders);
      // The storefront's sample order (the latest delivered in the last weeks) carries the phone simulator's number; a file's orders keep their own.
      if (!custom) {
        const sample = await tx.demoOrder.findFirst({ where: { shopId: shop.id, deliveredAt: { gt: new Date(now.getTime() - 20 * 24 * 3_600_000) } }, orderBy: { processedAt: "desc" }, select: { id: true } });
        if (sample) await tx.demoOrder.update({ where: { id: sample.id }, data: { phone: DEMO_SHOPPER_PHONE } });
      }
      const variants = await ensureDemoVariants(tx, shop.id, options.products);
      const history = custom ? {} : await seedHistory(tx, shop.id, policy.id, now, data);
      const knowledge = await seedArticles(tx, shop.id, data.articles);
      // The saved reply the demo's example rule answers damaged-item messages with (docs/decisions/019).
      await tx.savedReply.create({ data: { shopId: shop.id, name: DEMO_DAMAGED_REPLY.name, body: DEMO_DAMAGED_REPLY.body, createdAt: now } });
      // The analytics read daily rollups: build them now so the seeded history shows at once.
      await rebuildShopAnalytics(tx, shop.id);
      return {
        shopId: shop.id,
        created: true,
        counts: { policies: 1, orders: orders.created, variants, ...history, ...knowledge },
      };
    },
    { timeout: 60_000 },
  );
}
