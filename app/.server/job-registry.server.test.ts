import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jobRegistry } from "./job-registry.server";
import type { JobDefinition } from "./jobs/define-job";

const here = path.dirname(new URL(import.meta.url).pathname);

/** Every job a domain (or a folder inside one, such as a channel's) declares in its `jobs.ts`. */
async function declaredJobs(): Promise<JobDefinition[]> {
  const folders = readdirSync(here, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => [d.name, ...readdirSync(path.join(here, d.name), { withFileTypes: true }).filter((inner) => inner.isDirectory()).map((inner) => `${d.name}/${inner.name}`)]);
  const domains = folders.filter((folder) => readdirSync(path.join(here, folder)).includes("jobs.ts")).map((name) => ({ name }));
  const jobs: JobDefinition[] = [];
  for (const domain of domains) {
    const module: Record<string, unknown> = await import(/* @vite-ignore */ path.join(here, domain.name, "jobs.ts"));
    for (const value of Object.values(module)) {
      if (value && typeof value === "object" && "name" in value && "payload" in value) jobs.push(value as JobDefinition);
    }
  }
  return jobs;
}

describe("the job registry", () => {
  it("binds every job a domain declares, and only those", async () => {
    const declared = (await declaredJobs()).map((job) => job.name).sort();
    expect(jobRegistry.entries().map((entry) => entry.job.name).sort()).toEqual(declared);
  });

  it("loads a handler function for every job", async () => {
    for (const entry of jobRegistry.entries()) {
      expect(typeof (await entry.load()), entry.job.name).toBe("function");
    }
  });
});
