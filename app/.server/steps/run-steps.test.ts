import { describe, expect, it } from "vitest";
import { runSteps, type Step } from "./run-steps";

type Trail = { events: string[] };

function step(name: string, options: { fail?: boolean; undo?: boolean; undoFails?: boolean } = {}): Step<Trail> {
  return {
    name,
    run: (state) => {
      if (options.fail) throw new Error(`${name} failed`);
      state.events.push(`run ${name}`);
    },
    ...(options.undo === false
      ? {}
      : {
          compensate: async (state: Trail) => {
            if (options.undoFails) throw new Error(`undo ${name} failed`);
            state.events.push(`undo ${name}`);
          },
        }),
  };
}

describe("runSteps", () => {
  it("runs every step in order and compensates nothing when all succeed", async () => {
    const state = await runSteps({ events: [] }, [step("a"), step("b"), step("c")]);
    expect(state.events).toEqual(["run a", "run b", "run c"]);
  });

  it("compensates the completed steps in reverse order, then rethrows the step's own error", async () => {
    const state: Trail = { events: [] };
    await expect(runSteps(state, [step("a"), step("b"), step("c", { fail: true }), step("d")])).rejects.toThrow("c failed");
    expect(state.events).toEqual(["run a", "run b", "undo b", "undo a"]);
  });

  it("skips steps without a compensation and does not compensate the step that failed", async () => {
    const state: Trail = { events: [] };
    await expect(runSteps(state, [step("a"), step("b", { undo: false }), step("c", { fail: true })])).rejects.toThrow("c failed");
    expect(state.events).toEqual(["run a", "run b", "undo a"]);
  });

  it("keeps compensating when one compensation fails, reports it, and still throws the original error", async () => {
    const state: Trail = { events: [] };
    const reported: string[] = [];
    const run = runSteps(state, [step("a"), step("b", { undoFails: true }), step("c", { fail: true })], {
      onCompensationError: (name, error) => reported.push(`${name}: ${(error as Error).message}`),
    });
    await expect(run).rejects.toThrow("c failed");
    expect(state.events).toEqual(["run a", "run b", "undo a"]);
    expect(reported).toEqual(["b: undo b failed"]);
  });

  it("compensates nothing when the first step fails", async () => {
    const state: Trail = { events: [] };
    await expect(runSteps(state, [step("a", { fail: true }), step("b")])).rejects.toThrow("a failed");
    expect(state.events).toEqual([]);
  });
});
