/** Shapes shared by the launcher, the panel and the chat API (the storefront chat contract). */

/** One message of a conversation as the chat API returns it. */
export type MessageView = {
  id: string;
  role: "customer" | "ai" | "agent" | "system";
  text: string;
  createdAt: string;
  authorName?: string | null;
  kind?: "satisfaction_request" | string | null;
  sources?: Array<{ title: string; articleId: string }> | null;
  attachments?: Array<{ id: string; url: string }> | null;
  /** Answers the shopper can tap (reasons, resolutions, yes or no). */
  quickReplies?: string[] | null;
};

/** The conversation's state as the events stream reports it. */
export type ConversationState = { status?: string; aiActive?: boolean; agentName?: string | null };

/** What the block (or any page) configures through the widget element's data attributes. */
export type WidgetConfig = {
  /** Where the chat API is reached: `/apps/dokani` through Shopify's app proxy, a plugin route on WooCommerce. */
  proxyBase: string;
  /** The shop the stored conversation belongs to. */
  shop: string;
  /** The storefront's language (BCP 47). */
  locale: string;
  accent: string;
  onAccent: string;
  position: "right" | "left";
  /** The merchant's greeting from the block settings; empty for the default. */
  greeting: string;
  /** The launcher's name and the panel's title. */
  label: string;
  panelSrc: string;
  panelCss: string;
};

/** What the launcher hands the panel when it loads it. */
export type PanelHost = {
  config: WidgetConfig;
  /** The shadow root both live in (ids and focus are scoped to it). */
  root: ShadowRoot;
  /** The element the launcher's aria-controls names; the panel renders its dialog in it. */
  slot: HTMLElement;
  launcher: HTMLButtonElement;
  /** The panel asks to be closed (Escape, its close button); the launcher hides it and takes focus back. */
  requestClose(): void;
  /** Messages that arrived while the panel was closed. */
  setUnread(count: number): void;
};

/** The panel as the launcher drives it. */
export type PanelController = { open(): void; close(): void };

/** The panel script's registration on `window`, read by the launcher once the script has loaded. */
export type PanelModule = { create(host: PanelHost): PanelController };

declare global {
  interface Window {
    __dokaniChatPanel?: PanelModule;
  }
}
