/** Debian's Chromium, as CI installs it (tests/e2e is skipped where it is missing; see vitest.config.ts). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags for a headless Chromium on a machine with no network beyond loopback. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
