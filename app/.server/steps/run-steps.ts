import { log } from "../logger.server";

/*
 * Work that crosses systems (our database, a merchant's store) cannot share one transaction, so it
 * runs as steps that each know how to undo themselves. Deliberately small: no persistence, no
 * retries, no resumption after a crash; a flow that needs those reconciles instead (see
 * docs/decisions/009-platform-sync-reconciles.md).
 */

/** One step of a multi-step change: what it does, and how to undo it when a later step fails. */
export type Step<State> = {
  name: string;
  run: (state: State) => Promise<void> | void;
  compensate?: (state: State) => Promise<void> | void;
};

/** Options of `runSteps`. */
export type RunStepsOptions = {
  /** Told about a compensation that failed; the flow's own error is still the one thrown. Logs by default. */
  onCompensationError?: (step: string, error: unknown) => void;
};

/** Runs `steps` in order over `state`; on a failure, compensates the completed steps in reverse order, then rethrows. */
export async function runSteps<State>(state: State, steps: ReadonlyArray<Step<State>>, options: RunStepsOptions = {}): Promise<State> {
  const completed: Array<Step<State>> = [];
  for (const step of steps) {
    try {
      await step.run(state);
    } catch (error) {
      await compensate(state, completed, options);
      throw error;
    }
    completed.push(step);
  }
  return state;
}

async function compensate<State>(state: State, completed: ReadonlyArray<Step<State>>, options: RunStepsOptions) {
  for (let i = completed.length - 1; i >= 0; i--) {
    const step = completed[i]!;
    if (!step.compensate) continue;
    try {
      await step.compensate(state);
    } catch (error) {
      // One undo failing must not stop the others, nor hide why the flow failed.
      (options.onCompensationError ?? logCompensationError)(step.name, error);
    }
  }
}

function logCompensationError(step: string, error: unknown) {
  log().warn({ err: error, step }, "A step's compensation failed");
}
