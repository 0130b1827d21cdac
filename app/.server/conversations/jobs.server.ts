import type { JobDefinition } from "../jobs/define-job";

/** The inbox jobs, registered in `jobs/registry.server.ts`. */
export const conversationJobs: JobDefinition[] = [];
