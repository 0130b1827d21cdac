import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { runIntent } from "./run-intent.server";

const Schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), name: z.string().trim().min(1, "Give it a name.") }),
  z.object({ intent: z.literal("archive") }),
]);

async function thrown(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the runner to throw");
}

describe("runIntent", () => {
  it("answers the intent that ran with its message and data", async () => {
    const result = await runIntent({ intent: "rename", name: " New " }, Schema, async (input) => ({ message: `Renamed to ${input.intent === "rename" ? input.name : ""}`, at: 1 }), {});
    expect(result).toEqual({ ok: true, intent: "rename", message: "Renamed to New", at: 1 });
  });

  it("answers a form that does not parse with its field errors, and one naming no intent of the page without any", async () => {
    const run = async () => ({ message: "never" });
    expect(await runIntent({ intent: "rename", name: " " }, Schema, run, {})).toEqual({ ok: false, intent: "rename", error: "Some fields are missing or invalid.", fields: { name: "Give it a name." } });
    expect(await runIntent({ intent: "drop" }, Schema, run, {})).toEqual({ ok: false, intent: null, error: "That action is not one this page offers." });
    expect(await runIntent({}, Schema, run, { invalid: () => "Choose what to do." })).toEqual({ ok: false, intent: null, error: "Choose what to do." });
  });

  it("maps an AppError to a failure with its fields, and a not_found one to the page's 404 when the page is about one record", async () => {
    const refuse = async () => {
      throw new AppError("invalid_request", "Fix the fields.", { fields: { name: "is taken" } });
    };
    expect(await runIntent({ intent: "archive" }, Schema, refuse, {})).toEqual({ ok: false, intent: "archive", error: "Fix the fields.", fields: { name: "is taken" } });
    const missing = async () => {
      throw new AppError("not_found", "No such thing.");
    };
    expect(await runIntent({ intent: "archive" }, Schema, missing, {})).toEqual({ ok: false, intent: "archive", error: "No such thing." });
    const answer = (await thrown(runIntent({ intent: "archive" }, Schema, missing, { notFound: "No such page." }))) as Response;
    expect([answer.status, await answer.text()]).toEqual([404, "No such page."]);
  });

  it("checks that the record exists before explaining a malformed form, and lets other errors and redirects through", async () => {
    const gone = async () => {
      throw new AppError("not_found", "gone");
    };
    const answer = (await thrown(runIntent({ intent: "drop" }, Schema, async () => ({ message: "never" }), { notFound: "No such page.", exists: gone }))) as Response;
    expect(answer.status).toBe(404);
    const redirect = new Response(null, { status: 302, headers: { Location: "/elsewhere" } });
    expect(await runIntent({ intent: "archive" }, Schema, async () => redirect, {})).toBe(redirect);
    const boom = new Error("boom");
    expect(await thrown(runIntent({ intent: "archive" }, Schema, async () => Promise.reject(boom), {}))).toBe(boom);
  });
});
