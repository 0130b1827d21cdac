import { describe, expect, it } from "vitest";
import { clearSession, countUnread, readSession, sessionKey, writeSession } from "./session-store";

/** localStorage as the browser has it, in memory. */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
}

/** A storage that refuses everything, as Safari's private mode did. */
class RefusingStorage extends MemoryStorage {
  override getItem(): string | null {
    throw new DOMException("denied", "SecurityError");
  }
  override setItem(): void {
    throw new DOMException("full", "QuotaExceededError");
  }
  override removeItem(): void {
    throw new DOMException("denied", "SecurityError");
  }
}

describe("the stored chat session", () => {
  it("keeps one conversation per shop", () => {
    const storage = new MemoryStorage();
    writeSession(storage, "a.myshopify.com", { id: "s1", token: "t1" });
    writeSession(storage, "b.myshopify.com", { id: "s2", token: "t2", lastSeenId: "m9", greeting: "Hi", rated: ["m3"] });
    expect(readSession(storage, "a.myshopify.com")).toEqual({ id: "s1", token: "t1" });
    expect(readSession(storage, "b.myshopify.com")).toEqual({ id: "s2", token: "t2", lastSeenId: "m9", greeting: "Hi", rated: ["m3"] });
    expect(storage.getItem(sessionKey("a.myshopify.com"))).toContain('"s1"');

    clearSession(storage, "a.myshopify.com");
    expect(readSession(storage, "a.myshopify.com")).toBeNull();
    expect(readSession(storage, "b.myshopify.com")?.id).toBe("s2");
  });

  it("reads anything else in its place as no session", () => {
    const storage = new MemoryStorage();
    for (const value of ["not json", "null", "[]", '{"id":"s1"}', '{"id":"","token":"t"}', '{"id":1,"token":"t"}']) {
      storage.setItem(sessionKey("shop"), value);
      expect(readSession(storage, "shop"), value).toBeNull();
    }
    storage.setItem(sessionKey("shop"), '{"id":"s1","token":"t","lastSeenId":5,"rated":["m1",2]}');
    expect(readSession(storage, "shop")).toEqual({ id: "s1", token: "t", rated: ["m1"] });
  });

  it("keeps working without storage", () => {
    const refusing = new RefusingStorage();
    expect(() => writeSession(refusing, "shop", { id: "s", token: "t" })).not.toThrow();
    expect(readSession(refusing, "shop")).toBeNull();
    expect(() => clearSession(refusing, "shop")).not.toThrow();
    expect(readSession(null, "shop")).toBeNull();
    expect(() => writeSession(null, "shop", { id: "s", token: "t" })).not.toThrow();
  });
});

describe("countUnread", () => {
  const messages = [
    { id: "m1", role: "customer" },
    { id: "m2", role: "ai" },
    { id: "m3", role: "customer" },
    { id: "m4", role: "agent" },
    { id: "m5", role: "system" },
  ];

  it("counts the shop's messages after the last one seen", () => {
    expect(countUnread(messages, "m2")).toBe(2);
    expect(countUnread(messages, "m1")).toBe(3);
    expect(countUnread(messages, "m5")).toBe(0);
  });

  it("counts nothing when it cannot tell what was seen", () => {
    expect(countUnread(messages, undefined)).toBe(0);
    expect(countUnread(messages, "unknown")).toBe(0);
  });
});
