import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { ALLOWED_TRANSITIONS, assertTransition, canTransition } from "./transitions";
import { RETURN_STATUSES, type ReturnStatus } from "./types";

const EXPECTED: Record<ReturnStatus, ReturnStatus[]> = {
  pending_triage: ["pending_review", "approved", "denied", "cancelled"],
  pending_review: ["approved", "denied", "cancelled"],
  approved: ["completed", "cancelled"],
  denied: [],
  completed: [],
  cancelled: [],
};

describe("return transitions", () => {
  it("lists exactly the lifecycle's moves", () => {
    expect(ALLOWED_TRANSITIONS).toEqual(EXPECTED);
  });

  for (const from of RETURN_STATUSES) {
    for (const to of RETURN_STATUSES) {
      const allowed = EXPECTED[from].includes(to);
      it(`${allowed ? "allows" : "refuses"} ${from} → ${to}`, () => {
        expect(canTransition(from, to)).toBe(allowed);
        if (allowed) {
          expect(() => assertTransition(from, to)).not.toThrow();
          return;
        }
        let thrown: unknown;
        try {
          assertTransition(from, to);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(AppError);
        const appError = thrown as AppError;
        expect(appError.code).toBe("invalid_transition");
        expect(appError.status).toBe(409);
        expect(appError.message).toContain(from);
        expect(appError.message).toContain(to);
      });
    }
  }

  it("says a final status is final, and where a live one can go", () => {
    expect(() => assertTransition("denied", "approved")).toThrow("A return can't move from denied to approved: denied is final.");
    expect(() => assertTransition("approved", "denied")).toThrow("A return can't move from approved to denied: from approved it can only move to completed, cancelled.");
  });

  it("sends nowhere from a status it does not know", () => {
    expect(canTransition("archived" as ReturnStatus, "approved")).toBe(false);
    expect(canTransition("toString" as ReturnStatus, "approved")).toBe(false);
    expect(() => assertTransition("archived" as ReturnStatus, "approved")).toThrow("A return can't move from archived to approved: archived is final.");
  });

  it("cannot be changed at runtime", () => {
    expect(() => (ALLOWED_TRANSITIONS.denied as ReturnStatus[]).push("approved")).toThrow(TypeError);
  });
});
