import { ensureBuild } from "../../scripts/ensure-build";

/** The app runs from its production build: make it current once, before any case starts a process. */
export default function setup() {
  ensureBuild((line) => console.warn(line));
}
