/**
 * Past this many judges a bar each makes labels that overlap into a grey band (150 judges in half a
 * page): the chart shows instead how many judges carry each load, and the judges' table below
 * names every one.
 */
export const maxJudgeBars = 30;

/** Judges counted by load (entries assigned), split into those within and over their capacity. */
export function loadDistribution(judges: ReadonlyArray<{ load: number; capacity: number }>) {
  const byLoad = new Map<number, { within: number; over: number }>();
  for (const j of judges) {
    const row = byLoad.get(j.load) ?? { within: 0, over: 0 };
    if (j.load > j.capacity) row.over++;
    else row.within++;
    byLoad.set(j.load, row);
  }
  return [...byLoad.entries()]
    .sort(([a], [b]) => a - b)
    .map(([load, counts]) => ({ load: String(load), ...counts }));
}
