import { z } from "zod";
import { defineTool } from "./tool";

/** `hand_off_to_human`: a person from the team takes over after this reply (the caller hands the conversation over). */
export const handOffToHumanTool = defineTool({
  name: "hand_off_to_human",
  description: "Bring in a person from the shop's team: when the shopper asks for one, when you are unsure, or when the request is outside what you can do.",
  args: z.object({
    reason: z.string().trim().min(1).max(500).describe("Why a person should take over, in one sentence for the shop's team."),
  }),
  async run(_ctx, args) {
    return { ok: true, result: { handedOff: true, message: "A person from the team will take over after your reply. Tell the shopper so, briefly." }, summary: `hand-off: ${args.reason}`, handoff: { reason: args.reason } };
  },
});
