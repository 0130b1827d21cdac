import os from "node:os";

/** One measured figure, as `npm run bench` prints it and writes it to bench/results.json. */
export type Figure = {
  issue: number;
  name: string;
  unit: "ms" | "s" | "ops/s" | "KB" | "score" | "count";
  median?: number;
  p95?: number;
  value?: number;
  samples: number;
  target?: string;
  met?: boolean;
  note?: string;
};

export type Suite = { name: string; description: string; run: () => Promise<Figure[]> };

/** The q-quantile (0..1) of samples, nearest-rank. */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}
