import type { JobDefinition } from "../jobs/define-job";

/** The analytics jobs, registered in `jobs/registry.server.ts`. */
export const analyticsJobs: JobDefinition[] = [];
