import { describe, expect, it } from "vitest";
import { replyWindow } from "./reply-window";

const last = new Date("2026-12-01T10:00:00.000Z");
const after = (minutes: number) => new Date(last.getTime() + minutes * 60_000);

describe("the 24-hour reply window", () => {
  it("is open at 23:59 after the shopper's last message and closed at 24:01", () => {
    expect(replyWindow(last, after(23 * 60 + 59))).toEqual({ open: true, closesAt: new Date("2026-12-02T10:00:00.000Z") });
    expect(replyWindow(last, after(24 * 60 + 1)).open).toBe(false);
  });

  it("closes exactly at 24 hours", () => {
    expect(replyWindow(last, after(24 * 60)).open).toBe(false);
  });

  it("is closed for a shopper who never wrote", () => {
    expect(replyWindow(null, last)).toEqual({ open: false, closesAt: null });
  });
});
