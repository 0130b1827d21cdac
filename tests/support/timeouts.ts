/**
 * Time limits for the slow tests, sized for a busy 2-core machine (CI runs two test files at once,
 * often beside other work). They only bound a hang: a passing test takes a fraction of them, and
 * how fast anything is belongs to `npm run bench`, never to a test.
 */

/** Starting `npm run demo` or a server on a fresh embedded database: migrate, seed, listen. */
export const START_TIMEOUT_MS = 300_000;

/** A hook that starts a server or the demo and a browser beside it. */
export const START_HOOK_TIMEOUT_MS = START_TIMEOUT_MS + 60_000;

/** One browser journey or one test that drives a whole server (several pages, jobs, streams). */
export const JOURNEY_TIMEOUT_MS = 300_000;

/** Applying every migration to a new database, or diffing the schema through the WebAssembly engine. */
export const MIGRATION_TIMEOUT_MS = 180_000;
