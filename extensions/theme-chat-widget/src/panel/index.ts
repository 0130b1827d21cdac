import type { PanelHost } from "../types";
import { ChatPanel } from "./panel";

/**
 * The chat panel's script, loaded by the launcher the first time a shopper opens the chat. It only
 * registers itself; the launcher creates the panel in its shadow root.
 */
window.__dokaniChatPanel = { create: (host: PanelHost) => new ChatPanel(host) };
