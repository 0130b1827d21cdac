import type { JobDefinition } from "../jobs/define-job";

/** The knowledge base jobs, registered in `jobs/registry.server.ts`. */
export const knowledgeJobs: JobDefinition[] = [];
