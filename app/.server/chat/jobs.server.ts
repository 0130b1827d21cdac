import type { JobDefinition } from "../jobs/define-job";

/** The chat jobs, registered in `jobs/registry.server.ts`. */
export const chatJobs: JobDefinition[] = [];
