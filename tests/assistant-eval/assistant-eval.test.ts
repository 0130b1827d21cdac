import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_OPENAI_KEY, FakeOpenAI } from "../fakes/openai";
import { setupTestDatabase } from "../support/test-database";
import { describeEvalReport, loadEvalFiles, runAssistantEval, fakeAgent } from "./run-assistant-eval";

setupTestDatabase();

const fake = new FakeOpenAI();
let client: OpenAI;

beforeAll(async () => {
  client = new OpenAI({ apiKey: FAKE_OPENAI_KEY, baseURL: await fake.start(), maxRetries: 0 });
});
afterAll(async () => {
  await fake.stop();
});

describe("the assistant's evaluation set", () => {
  it("holds at least 80 shopper messages in English, French, Spanish and German, every category in each", () => {
    const files = loadEvalFiles();
    const cases = files.flatMap((f) => f.cases.map((c) => ({ ...c, category: f.category })));
    expect(cases.reduce((n, c) => n + c.messages.length, 0)).toBeGreaterThanOrEqual(80);
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const category of ["policy", "article", "policy_change", "order", "handoff", "safety"]) {
      for (const language of ["en", "fr", "es", "de"]) expect(cases.some((c) => c.category === category && c.language === language), `${category} in ${language}`).toBe(true);
    }
  });

  it("passes at least 95% without a model", async () => {
    const report = await runAssistantEval({ mode: "rules" });
    expect(report.overall.total).toBeGreaterThanOrEqual(90);
    expect(report.overall.rate, describeEvalReport(report)).toBeGreaterThanOrEqual(0.95);
  });

  it("passes at least 95% with the fake model, whose outcome claims never reach the shopper", async () => {
    fake.fallback = fakeAgent();
    const report = await runAssistantEval({ mode: "model", openai: client });
    expect(report.overall.total).toBeGreaterThanOrEqual(70);
    expect(report.overall.rate, describeEvalReport(report)).toBeGreaterThanOrEqual(0.95);
    expect(fake.refused).toEqual([]);
  });
});
