import type { JobHandlerEntry, JobRegistry } from "./runtime-types";

/** Indexes job entries by name; a name listed twice is a mistake caught at start. */
export function createJobRegistry(entries: ReadonlyArray<JobHandlerEntry>): JobRegistry {
  const byName = new Map<string, JobHandlerEntry>();
  const register = (entry: JobHandlerEntry) => {
    if (byName.has(entry.job.name)) throw new Error(`Job "${entry.job.name}" is registered twice`);
    byName.set(entry.job.name, entry);
  };
  for (const entry of entries) register(entry);
  return {
    find: (name) => byName.get(name),
    register,
    entries: () => [...byName.values()],
  };
}
