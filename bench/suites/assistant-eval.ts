import OpenAI from "openai";
import pg from "pg";
import { closeChatLimiters } from "../../app/.server/channels/web-chat/chat-limiter.server";
import { closeDatabase, openDatabase } from "../../app/.server/db.server";
import { FAKE_OPENAI_KEY, FakeOpenAI } from "../../tests/fakes/openai";
import { describeEvalReport, fakeAgent, runAssistantEval, type EvalReport } from "../../tests/assistant-eval/run-assistant-eval";
import { withDatabaseName } from "../scale-seed";
import { type Figure, type Suite, round } from "../figures";

async function adminQuery(sql: string) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function figuresOf(report: EvalReport, label: string): Figure[] {
  const percent = (rate: number) => round(rate * 100, 1);
  const out: Figure[] = [
    { issue: 13, name: `assistant evaluation ${label}: all`, unit: "score", value: percent(report.overall.rate), samples: report.overall.total, target: "≥ 95%", met: report.overall.rate >= 0.95, note: "% of cases passed" },
  ];
  for (const [name, t] of Object.entries(report.byCategory)) out.push({ issue: 13, name: `assistant evaluation ${label}: ${name}`, unit: "score", value: percent(t.rate), samples: t.total, note: "% of cases passed" });
  for (const [name, t] of Object.entries(report.byLanguage)) out.push({ issue: 13, name: `assistant evaluation ${label}: ${name}`, unit: "score", value: percent(t.rate), samples: t.total, note: "% of cases passed" });
  return out;
}

/** issue 13: the assistant's evaluation set (tests/assistant-eval), pass rates per category and language, without a model and with the fake model. */
export const assistantEval: Suite = {
  name: "assistant-eval",
  description: "issue 13: the assistant's evaluation over the demo shop, pass rate per category and language, without a model and with the fake model",
  async run(): Promise<Figure[]> {
    const scratch = process.env.DATABASE_URL ? `dokani_bench_eval_${Date.now().toString(36)}` : null;
    if (scratch) await adminQuery(`CREATE DATABASE "${scratch}"`);
    const databaseUrl = scratch ? withDatabaseName(process.env.DATABASE_URL!, scratch) : undefined;
    await openDatabase(databaseUrl ? { url: databaseUrl, migrate: true } : { dataDir: "memory://", migrate: true });
    const fake = new FakeOpenAI();
    try {
      const rules = await runAssistantEval({ mode: "rules" });
      console.log(describeEvalReport(rules));
      fake.fallback = fakeAgent();
      const client = new OpenAI({ apiKey: FAKE_OPENAI_KEY, baseURL: await fake.start(), maxRetries: 0 });
      const model = await runAssistantEval({ mode: "model", openai: client });
      console.log(describeEvalReport(model));
      return [...figuresOf(rules, "without a model"), ...figuresOf(model, "with the fake model")];
    } finally {
      await fake.stop();
      await closeChatLimiters();
      await closeDatabase();
      if (scratch) await adminQuery(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    }
  },
};
