// Small numeric helpers for the benchmark report.

/** The q-quantile (0–1) of some values, by nearest rank; undefined when there are none. */
export function quantile(values: number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export interface Percentiles {
  count: number;
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
}

export function percentiles(values: number[]): Percentiles {
  return {
    count: values.length,
    p50: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    p99: quantile(values, 0.99),
  };
}

/** Records per second, or 0 when nothing was timed. */
export const rate = (records: number, seconds: number) => (seconds > 0 ? records / seconds : 0);

export const MB = 1024 * 1024;
