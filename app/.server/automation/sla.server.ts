import { randomUUID } from "node:crypto";
import { db, Prisma, type DbClient, type SlaCycle } from "../db.server";
import { readAutomationSettings } from "./automation-settings";
import type { Priority } from "./rule-schema";
import { median, pauseCycle, resolveCycle, respondCycle, resumeCycle, slaStatus, type SlaStatus } from "./sla-timers";

/**
 * The SLA cycles of conversations, kept in step with the conversation's life: a shopper's message
 * starts a cycle when none is open (a new or reopened conversation) and ends a snooze's pause;
 * the shop's first reply stops the first-response timer; a snooze pauses; a close resolves; a
 * merchant's reopen starts a new cycle. Each is written in the transaction of its change.
 */

type Conversationish = { id: string; shopId: string; channel: SlaCycle["channel"]; priority: Priority };

function utc(date: Date): Prisma.Sql {
  return Prisma.sql`(${date.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}

/**
 * The SLA part of the chat's one-statement message insert, as CTEs to append after `updated`: a
 * cycle started when the conversation has none open, the running pause ended otherwise.
 */
export function slaOnCustomerMessageSql(conversation: { id: string; shopId: string }, at: Date): Prisma.Sql {
  return Prisma.sql`, sla_started AS (
      INSERT INTO "sla_cycles" ("id", "shopId", "conversationId", "channel", "priority", "startedAt", "createdAt")
      SELECT ${randomUUID()}::uuid, u."shopId", u."id", u."channel", u."priority", ${utc(at)}, ${utc(at)} FROM updated u
      WHERE NOT EXISTS (SELECT 1 FROM "sla_cycles" c WHERE c."conversationId" = ${conversation.id}::uuid AND c."resolvedAt" IS NULL)
    ), sla_resumed AS (
      UPDATE "sla_cycles" SET "pausedMs" = "pausedMs" + EXTRACT(EPOCH FROM (${utc(at)} - "pausedAt")) * 1000, "pausedAt" = NULL
      WHERE "conversationId" = ${conversation.id}::uuid AND "shopId" = ${conversation.shopId}::uuid AND "resolvedAt" IS NULL AND "pausedAt" IS NOT NULL
    )`;
}

/** The SLA part of a reply's one-statement insert: the cycle's first response, as a CTE to append. */
export function slaOnReplySql(conversation: { conversationId: string; shopId: string }, at: Date): Prisma.Sql {
  return Prisma.sql`, sla_responded AS (
      UPDATE "sla_cycles" SET "respondedAt" = ${utc(at)},
        "firstResponseMs" = GREATEST(0, EXTRACT(EPOCH FROM (${utc(at)} - "startedAt")) * 1000 - "pausedMs" - COALESCE(EXTRACT(EPOCH FROM (${utc(at)} - "pausedAt")) * 1000, 0))
      WHERE "conversationId" = ${conversation.conversationId}::uuid AND "shopId" = ${conversation.shopId}::uuid AND "resolvedAt" IS NULL AND "respondedAt" IS NULL
    )`;
}

async function openCycle(client: DbClient, conversationId: string) {
  return client.slaCycle.findFirst({ where: { conversationId, resolvedAt: null }, orderBy: { startedAt: "desc" } });
}

async function save(client: DbClient, before: SlaCycle, after: SlaCycle) {
  if (before === after) return;
  const { pausedAt, pausedMs, respondedAt, firstResponseMs, resolvedAt, resolutionMs, priority } = after;
  await client.slaCycle.update({ where: { id: before.id }, data: { pausedAt, pausedMs, respondedAt, firstResponseMs, resolvedAt, resolutionMs, priority } });
}

/** A shopper's message: a cycle starts when none is open; a paused one runs again. */
export async function slaOnCustomerMessage(client: DbClient, conversation: Conversationish, at: Date) {
  const cycle = await openCycle(client, conversation.id);
  if (!cycle) return startSlaCycle(client, conversation, at);
  await save(client, cycle, resumeCycle(cycle, at));
}

/** A new cycle (a reopened conversation); one still open is resolved first. */
export async function startSlaCycle(client: DbClient, conversation: Conversationish, at: Date) {
  const cycle = await openCycle(client, conversation.id);
  if (cycle) await save(client, cycle, resolveCycle(cycle, at));
  await client.slaCycle.create({ data: { shopId: conversation.shopId, conversationId: conversation.id, channel: conversation.channel, priority: conversation.priority, startedAt: at } });
}

/** The shop's reply (outside the one-statement path). */
export async function slaOnReply(client: DbClient, conversationId: string, at: Date) {
  const cycle = await openCycle(client, conversationId);
  if (cycle) await save(client, cycle, respondCycle(cycle, at));
}

export async function slaOnSnooze(client: DbClient, conversationId: string, at: Date) {
  const cycle = await openCycle(client, conversationId);
  if (cycle) await save(client, cycle, pauseCycle(cycle, at));
}

export async function slaOnWake(client: DbClient, conversationId: string, at: Date) {
  const cycle = await openCycle(client, conversationId);
  if (cycle) await save(client, cycle, resumeCycle(cycle, at));
}

export async function slaOnClose(client: DbClient, conversationId: string, at: Date) {
  const cycle = await openCycle(client, conversationId);
  if (cycle) await save(client, cycle, resolveCycle(cycle, at));
}

/** The conversation's priority changed: the open cycle is measured against the new priority's targets. */
export async function slaOnPriority(client: DbClient, conversationId: string, priority: Priority) {
  await client.slaCycle.updateMany({ where: { conversationId, resolvedAt: null }, data: { priority } });
}

/** Where each conversation's open cycle stands now (the inbox list's warnings); conversations without one are left out. */
export async function slaForConversations(shop: { id: string; settings: unknown }, conversationIds: string[], now = new Date()): Promise<Map<string, SlaStatus>> {
  const out = new Map<string, SlaStatus>();
  if (!conversationIds.length) return out;
  const { sla } = readAutomationSettings(shop.settings);
  const cycles = await db().slaCycle.findMany({ where: { shopId: shop.id, conversationId: { in: conversationIds }, resolvedAt: null } });
  for (const cycle of cycles) out.set(cycle.conversationId, slaStatus(cycle, sla[cycle.priority], now));
  return out;
}

export type SlaChannelSummary = {
  channel: string;
  cycles: number;
  firstResponse: { met: number; breached: number; medianMinutes: number | null };
  resolution: { met: number; breached: number; medianMinutes: number | null };
};
export type SlaSummary = { from: string; to: string; total: SlaChannelSummary; byChannel: SlaChannelSummary[] };

/** The SLA section of analytics: cycles started in [from, to), met and breached, median times, by channel. */
export async function getSlaSummary(shop: { id: string; settings: unknown }, range: { from: Date; to: Date }, now = new Date()): Promise<SlaSummary> {
  const { sla } = readAutomationSettings(shop.settings);
  const cycles = await db().slaCycle.findMany({ where: { shopId: shop.id, startedAt: { gte: range.from, lt: range.to } }, orderBy: { startedAt: "asc" } });
  const groups = new Map<string, { cycles: number; fr: number[]; res: number[]; frMet: number; frBreached: number; resMet: number; resBreached: number }>();
  const add = (key: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { cycles: 0, fr: [], res: [], frMet: 0, frBreached: 0, resMet: 0, resBreached: 0 }));
    return g;
  };
  for (const cycle of cycles) {
    const status = slaStatus(cycle, sla[cycle.priority], now);
    for (const g of [add(cycle.channel), add("*")]) {
      g.cycles += 1;
      if (status.firstResponse.state === "met") g.frMet += 1;
      if (status.firstResponse.state === "breached") g.frBreached += 1;
      if (status.resolution.state === "met") g.resMet += 1;
      if (status.resolution.state === "breached") g.resBreached += 1;
      if (cycle.firstResponseMs !== null) g.fr.push(cycle.firstResponseMs);
      if (cycle.resolutionMs !== null) g.res.push(cycle.resolutionMs);
    }
  }
  const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);
  const view = (channel: string): SlaChannelSummary => {
    const g = groups.get(channel) ?? { cycles: 0, fr: [], res: [], frMet: 0, frBreached: 0, resMet: 0, resBreached: 0 };
    return {
      channel,
      cycles: g.cycles,
      firstResponse: { met: g.frMet, breached: g.frBreached, medianMinutes: minutes(median(g.fr)) },
      resolution: { met: g.resMet, breached: g.resBreached, medianMinutes: minutes(median(g.res)) },
    };
  };
  const channels = [...groups.keys()].filter((k) => k !== "*").sort();
  return { from: range.from.toISOString(), to: range.to.toISOString(), total: { ...view("*"), channel: "all" }, byChannel: channels.map(view) };
}
