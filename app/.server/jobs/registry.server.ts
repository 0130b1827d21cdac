import type { JobDefinition } from "./define-job";
import { complianceJobs } from "../compliance/jobs.server";
import { shopJobs } from "../shops/jobs.server";
import { returnJobs } from "../returns/jobs.server";
import { maintenanceJobs } from "./maintenance.server";
import { policyJobs } from "../policies/jobs.server";
import { analyticsJobs } from "../analytics/jobs.server";
import { chatJobs } from "../chat/jobs.server";
import { conversationJobs } from "../conversations/jobs.server";
import { knowledgeJobs } from "../knowledge/jobs.server";
import { woocommerceJobs } from "../woocommerce/jobs.server";
import { notificationJobs } from "../notifications/jobs.server";

/**
 * Every job the app knows, in one list: the in-process runtime, the BullMQ dispatcher and the
 * workers all read it, so a job defined here runs the same way everywhere.
 */
export const JOBS: ReadonlyArray<JobDefinition> = [
  ...shopJobs,
  ...complianceJobs,
  ...returnJobs,
  ...maintenanceJobs,
  ...policyJobs,
  ...analyticsJobs,
  ...chatJobs,
  ...conversationJobs,
  ...knowledgeJobs,
  ...woocommerceJobs,
  ...notificationJobs,
];

const byName = new Map<string, JobDefinition>();
for (const job of JOBS) {
  if (byName.has(job.name)) throw new Error(`Job "${job.name}" is registered twice`);
  byName.set(job.name, job);
}

/** Looks a job up by its id; tests may register extra jobs with `registerJob`. */
export function findJob(name: string): JobDefinition | undefined {
  return byName.get(name) ?? extraJobs().get(name);
}

function extraJobs(): Map<string, JobDefinition> {
  const g = globalThis as { __dokaniExtraJobs?: Map<string, JobDefinition> };
  return (g.__dokaniExtraJobs ??= new Map());
}

/** Adds a job definition at run time (tests and extensions); the name must be new. */
export function registerJob(job: JobDefinition) {
  if (byName.has(job.name)) throw new Error(`Job "${job.name}" is already registered`);
  extraJobs().set(job.name, job);
}
