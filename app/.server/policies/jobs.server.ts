import type { JobDefinition } from "../jobs/define-job";

/** The policy jobs, registered in `jobs/registry.server.ts`. */
export const policyJobs: JobDefinition[] = [];
