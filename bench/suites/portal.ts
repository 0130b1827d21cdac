import { type Figure, type Suite, round } from "../figures";
import { buildExtensions } from "../../scripts/build-extensions";

/** The returns portal's weight on a storefront: its script and stylesheet as a fresh build makes them, gzipped. */
export const portal: Suite = {
  name: "portal",
  description: "issue 3: returns portal JS+CSS, gzipped",
  async run() {
    const results = await buildExtensions({ write: false });
    const result = results.find((r) => r.spec.extension === "returns-portal");
    if (!result) throw new Error("scripts/build-extensions.ts has no returns-portal bundle");
    const kb = (bytes: number) => round(bytes / 1024, 1);
    const part = (ext: string) => result.files.find((f) => f.path.endsWith(ext))?.gzipBytes ?? 0;
    const figure: Figure = {
      issue: 3,
      name: "returns portal JS+CSS, gzipped",
      unit: "KB",
      value: kb(result.gzipBytes),
      samples: 1,
      target: `≤ ${result.spec.budgetKb} KB`,
      met: result.withinBudget,
      note: `JS ${kb(part(".js"))} KB + CSS ${kb(part(".css"))} KB gzipped (level 9, 1 KB = 1024 bytes)`,
    };
    return [figure];
  },
};
