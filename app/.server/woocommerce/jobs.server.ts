import type { JobDefinition } from "../jobs/define-job";

/** The WooCommerce jobs, registered in `jobs/registry.server.ts`. */
export const woocommerceJobs: JobDefinition[] = [];
