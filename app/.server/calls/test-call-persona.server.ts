import { z } from "zod";
import { db } from "../db.server";
import { AppError } from "../errors";
import { openVideoConnection, openVoiceConnection, saveDetails } from "./call-connections.server";
import { CallProviderError } from "./call-provider";
import { checkVoiceAgent } from "./providers/elevenlabs";
import { testVideoConversation } from "./providers/tavus";

/*
 * A merchant's "test this persona" button: a real request to the provider that costs nothing (a
 * Tavus conversation in `test_mode`, an ElevenLabs agent check), logged on the integration so the
 * admin can list the results. The log keeps the latest tests only.
 */

export const MAX_CALL_TESTS = 20;

export const CallTestSchema = z.object({
  at: z.string(),
  kind: z.enum(["elevenlabs", "tavus"]),
  ok: z.boolean(),
  message: z.string(),
  /** The provider's id of what the test made or checked (a test conversation, the agent). */
  reference: z.string().nullable(),
});
export type CallTest = z.infer<typeof CallTestSchema>;

/** Runs a provider test for the shop's voice agent (`elevenlabs`) or video persona (`tavus`) and logs it. */
export async function testCallPersona(shopId: string, kind: "elevenlabs" | "tavus", now = new Date()): Promise<CallTest> {
  let test: CallTest;
  if (kind === "elevenlabs") {
    const voice = await openVoiceConnection(shopId);
    if (!voice) throw new AppError("calls_unavailable", "Connect ElevenLabs before testing the voice agent.");
    try {
      const agent = await checkVoiceAgent(voice);
      test = { at: now.toISOString(), kind, ok: true, message: `The agent "${agent.name}" answers with ${agent.toolCount} Dokani tools.`, reference: voice.agentId };
    } catch (error) {
      if (!(error instanceof CallProviderError)) throw error;
      test = { at: now.toISOString(), kind, ok: false, message: `ElevenLabs refused: ${error.message}`, reference: voice.agentId };
    }
  } else {
    const video = await openVideoConnection(shopId);
    if (!video) throw new AppError("calls_unavailable", "Connect Tavus before testing the video persona.");
    try {
      const conversation = await testVideoConversation(video);
      test = { at: now.toISOString(), kind, ok: true, message: `Tavus created a test conversation (${conversation.status ?? "no status"}) with the persona and replica.`, reference: conversation.conversationId };
    } catch (error) {
      if (!(error instanceof CallProviderError)) throw error;
      test = { at: now.toISOString(), kind, ok: false, message: `Tavus refused: ${error.message}`, reference: video.personaId };
    }
  }
  await saveDetails(shopId, kind, (details) => ({ ...details, tests: [test, ...readTests(details.tests)].slice(0, MAX_CALL_TESTS) }));
  return test;
}

function readTests(raw: unknown): CallTest[] {
  return z.array(CallTestSchema).catch([]).parse(raw ?? []);
}

/** The shop's call tests, newest first, both providers together. */
export async function listCallTests(shopId: string): Promise<CallTest[]> {
  const rows = await db().shopIntegration.findMany({ where: { shopId, kind: { in: ["elevenlabs", "tavus"] } }, select: { details: true } });
  return rows
    .flatMap((row) => readTests((row.details as { tests?: unknown } | null)?.tests))
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, MAX_CALL_TESTS * 2);
}
