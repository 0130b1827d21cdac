import { type Figure, type Suite, round } from "../figures";
import { buildExtensions } from "../../scripts/build-extensions";

const kb = (bytes: number) => round(bytes / 1024, 1);

/**
 * What Dokani weighs on a storefront: each bundle as a fresh build makes it, gzipped (level 9,
 * 1 KB = 1024 bytes). The chat panel's figure includes the launcher that always loads before it.
 * The call bundles load only when a shopper starts a call, on top of the open chat.
 */
export const storefrontBundles: Suite = {
  name: "storefront-bundles",
  description: "issues 3, 5 and 18: returns portal, chat launcher, whole chat widget and the on-demand call bundles, gzipped",
  async run() {
    const results = await buildExtensions({ write: false });
    const bundle = (name: string) => {
      const result = results.find((r) => r.spec.name === name);
      if (!result) throw new Error(`scripts/build-extensions.ts has no ${name} bundle`);
      return result;
    };
    const figure = (issue: number, name: string, label: string, note: (r: ReturnType<typeof bundle>) => string): Figure => {
      const result = bundle(name);
      return { issue, name: label, unit: "KB", value: kb(result.gzipBytes), samples: 1, target: `≤ ${result.spec.budgetKb} KB`, met: result.withinBudget, note: note(result) };
    };
    const parts = (r: ReturnType<typeof bundle>) =>
      r.files.map((f) => `${f.path.split("/").pop()} ${kb(f.gzipBytes)} KB`).join(" + ");
    return [
      figure(3, "dokani-returns-portal", "returns portal JS+CSS, gzipped", (r) => parts(r)),
      figure(5, "dokani-chat-launcher", "chat widget launcher (all a page loads until the shopper opens the chat), gzipped", (r) => parts(r)),
      figure(5, "dokani-chat-panel", "whole chat widget (launcher + panel JS + CSS), gzipped", (r) => `${parts(r)} + the launcher`),
      figure(18, "dokani-chat-voice", "voice call code loaded on demand (ElevenLabs client, WebSocket only), gzipped", (r) => `${parts(r)}, loaded when a shopper starts a voice call`),
      figure(18, "dokani-chat-video", "video call code loaded on demand (Tavus room frame), gzipped", (r) => `${parts(r)}, loaded when a shopper starts a video call`),
    ];
  },
};
