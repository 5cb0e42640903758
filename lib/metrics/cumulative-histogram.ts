import { Histogram } from "prom-client";

/** One labelled histogram series whose bucket counts someone else keeps. */
export interface CumulativeSeries<L extends string> {
  labels: Record<L, string>;
  /** cumulative count at each upper bound, in the order of `buckets` */
  counts: readonly number[];
  count: number;
  sum: number;
}

interface Config<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  buckets: readonly number[];
}

type Exported<L extends string> = Awaited<ReturnType<Histogram<L>["get"]>>;

/**
 * A histogram exported from counts kept elsewhere (the collector counts its polls as plain data, so
 * they can cross a thread boundary), serialised by prom-client beside every other metric.
 */
export class CumulativeHistogram<L extends string> extends Histogram<L> {
  constructor(
    private readonly config: Config<L>,
    private readonly series: readonly CumulativeSeries<L>[],
  ) {
    super({ name: config.name, help: config.help, labelNames: [...config.labelNames], buckets: [...config.buckets], registers: [] });
  }

  /** What prom-client's registry serialises (it prefers this over get()). */
  async getForPromString(): Promise<Exported<L>> {
    const { name, help, buckets } = this.config;
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const s of this.series) {
      buckets.forEach((le, i) => values.push({ labels: { ...s.labels, le }, value: s.counts[i] ?? 0, metricName: `${name}_bucket` }));
      values.push({ labels: { ...s.labels, le: "+Inf" }, value: s.count, metricName: `${name}_bucket` });
      values.push({ labels: s.labels, value: s.sum, metricName: `${name}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${name}_count` });
    }
    // prom-client's typings name the type an enum; at run time (and in the text format) it is the word.
    return { name, help, type: "histogram", values, aggregator: "sum" } as unknown as Exported<L>;
  }

  override get(): Promise<Exported<L>> {
    return this.getForPromString();
  }
}
