import { describe, expect, it } from "vitest";
import { formatShopDate, formatShopDateTime, formatShopTimeOfDay } from "./shop-time";

describe("admin dates", () => {
  const lateEvening = "2026-12-01T23:30:00.000Z";

  it("writes one style in the shop's time zone, whatever the server's or the browser's", () => {
    expect(formatShopDateTime(lateEvening, "America/New_York")).toBe("Dec 1, 2026, 6:30 PM");
    expect(formatShopDateTime(lateEvening, "Asia/Tokyo")).toBe("Dec 2, 2026, 8:30 AM");
    expect(formatShopDate(lateEvening, "Asia/Tokyo")).toBe("Dec 2, 2026");
    expect(formatShopDate(lateEvening, "America/Los_Angeles")).toBe("Dec 1, 2026");
    expect(formatShopTimeOfDay(lateEvening, "Europe/Paris")).toBe("12:30 AM");
  });

  it("falls back to UTC for a zone the runtime does not know", () => {
    expect(formatShopDateTime(lateEvening, "Mars/Olympus_Mons")).toBe("Dec 1, 2026, 11:30 PM");
    expect(formatShopDate(lateEvening, "")).toBe("Dec 1, 2026");
  });
});
