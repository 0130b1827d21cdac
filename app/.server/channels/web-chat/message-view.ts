import type { EvidenceFile, Message } from "../../db.server";

/** API.md's MessageView with Dokani's compatible extensions (docs/chat.md). */
export type MessageView = {
  id: string;
  role: "customer" | "ai" | "agent" | "system";
  text: string;
  createdAt: string;
  authorName?: string;
  kind?: "satisfaction_request";
  sources?: Array<{ title: string; articleId: string }>;
  attachments?: Array<{ id: string; url: string }>;
  /** Short answers the shopper can tap instead of typing (an AI message's reasons, resolutions, yes or no). */
  quickReplies?: string[];
};

/** A knowledge-base source as stored on an AI message. */
export type StoredSource = { type: "article"; articleId: string; title: string };

function viewSources(raw: unknown): MessageView["sources"] {
  if (!Array.isArray(raw)) return undefined;
  const sources = raw
    .filter((s): s is { articleId: string; title: string } => !!s && typeof s === "object" && typeof s.articleId === "string" && typeof s.title === "string")
    .map((s) => ({ title: s.title, articleId: s.articleId }));
  return sources.length ? sources : undefined;
}

/** The kind a message's metadata names, if it is one the shopper's widget acts on. */
export function messageKind(metadata: unknown): string | undefined {
  return metadata && typeof metadata === "object" && typeof (metadata as { kind?: unknown }).kind === "string" ? (metadata as { kind: string }).kind : undefined;
}

/** A stored message as the shopper's widget sees it; `attachmentUrl` makes a photo's link for this shopper. */
export function toMessageView(row: Pick<Message, "id" | "role" | "text" | "createdAt" | "authorName" | "sources" | "metadata"> & { attachments?: Pick<EvidenceFile, "id">[] }, attachmentUrl: (id: string) => string): MessageView {
  const view: MessageView = { id: row.id, role: row.role, text: row.text, createdAt: row.createdAt.toISOString() };
  if (row.role === "agent" && row.authorName) view.authorName = row.authorName;
  if (messageKind(row.metadata) === "satisfaction_request") view.kind = "satisfaction_request";
  const sources = viewSources(row.sources);
  if (sources) view.sources = sources;
  const quick = row.role === "ai" && row.metadata && typeof row.metadata === "object" ? (row.metadata as { quickReplies?: unknown }).quickReplies : undefined;
  if (Array.isArray(quick) && quick.length && quick.every((q) => typeof q === "string")) view.quickReplies = (quick as string[]).slice(0, 9);
  if (row.attachments?.length) view.attachments = row.attachments.map((a) => ({ id: a.id, url: attachmentUrl(a.id) }));
  return view;
}

/**
 * Whether a message goes on the shopper's event stream: what a person or Dokani said on the shop's
 * side outside a reply (a person's answers, hand-off notices, the satisfaction request). The
 * shopper's own messages and the replies they just received are not repeated; internal notes never go.
 */
export function isStreamedToShopper(row: { role: string; internal: boolean; metadata: unknown }): boolean {
  if (row.internal) return false;
  if (row.role === "agent") return true;
  if (row.role !== "system") return false;
  return !(row.metadata && typeof row.metadata === "object" && (row.metadata as { reply?: unknown }).reply === true);
}
