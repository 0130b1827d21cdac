import type { z } from "zod";
import type { JobDefinition } from "./define-job";
import type { JobHandler, JobHandlerEntry } from "./runtime-types";

/** Pairs a job with a loader of its handler, so the handler's module is imported only when the job runs. */
export function bindJobHandler<S extends z.ZodType>(job: JobDefinition<S>, load: () => Promise<JobHandler<S>>): JobHandlerEntry {
  // The runtime parses the payload with `job.payload` before calling, so the handler's narrower type holds.
  return { job, load: load as () => Promise<JobHandler> };
}
