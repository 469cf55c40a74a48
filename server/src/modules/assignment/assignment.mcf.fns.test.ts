// The cost-scaling engine on its own, on random general networks (negative costs, cycles,
// parallel arcs, several sources and sinks), against HiGHS solving the same LP.
import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, test } from 'vitest';
import { type FlowNetwork, FlowNetworkBuilder, minCostFlow, sinkPotentials } from './assignment.mcf.fns.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await (await import('highs')).default();
});

type Arc = { tail: number; head: number; capacity: number; cost: number; flow: number };

const networkArb = fc
  .integer({ min: 2, max: 9 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      arcs: fc.array(
        fc.record({
          tail: fc.nat(n - 1),
          head: fc.nat(n - 1),
          capacity: fc.integer({ min: 1, max: 6 }),
          cost: fc.integer({ min: -20, max: 20 }),
          // A flow used only to derive supplies, so every instance is feasible.
          flow: fc.nat(6),
        }),
        { minLength: 1, maxLength: 24 },
      ),
    }),
  )
  .map(({ n, arcs }) => ({
    n,
    arcs: arcs
      .filter((a) => a.tail !== a.head)
      .map((a) => ({ ...a, flow: Math.min(a.flow, a.capacity) })) as Arc[],
  }));

function suppliesOf(n: number, arcs: Arc[]): Int32Array {
  const supply = new Int32Array(n);
  for (const a of arcs) {
    supply[a.tail]! += a.flow;
    supply[a.head]! -= a.flow;
  }
  return supply;
}

function lpOptimum(n: number, arcs: Arc[], supply: Int32Array): number {
  const terms = arcs.map((a, i) => `${a.cost >= 0 ? '+' : '-'} ${Math.abs(a.cost)} x${i}`);
  const rows: string[] = [];
  for (let v = 0; v < n; v++) {
    const parts: string[] = [];
    arcs.forEach((a, i) => {
      if (a.tail === v) parts.push(`+ x${i}`);
      if (a.head === v) parts.push(`- x${i}`);
    });
    if (parts.length > 0) rows.push(`n${v}: ${parts.join(' ')} = ${supply[v]}`);
  }
  const bounds = arcs.map((a, i) => `0 <= x${i} <= ${a.capacity}`);
  const lp = `Minimize\n obj: ${terms.join(' ') || '0 x0'}\nSubject To\n ${rows.join('\n ')}\nBounds\n ${bounds.join('\n ')}\nEnd\n`;
  const result = highs.solve(lp, { output_flag: false });
  if (result.Status !== 'Optimal') throw new Error(`HiGHS: ${result.Status}`);
  return Math.round(result.ObjectiveValue);
}

function build(n: number, arcs: Arc[], scale: number): FlowNetwork {
  const b = new FlowNetworkBuilder();
  for (const a of arcs) b.addArc(a.tail, a.head, a.capacity, a.cost * scale);
  return b.build(n);
}

describe('minCostFlow (cost scaling) against HiGHS', () => {
  test('random feasible networks: conservation, capacities, optimal cost, exact potentials', () => {
    fc.assert(
      fc.property(networkArb, ({ n, arcs }) => {
        if (arcs.length === 0) return;
        const supply = suppliesOf(n, arcs);
        // α = n + 1 exceeds every simple cycle's length, so ε = 1 in scaled units is exact.
        const scale = n + 1;
        const net = build(n, arcs, scale);
        const price = new Float64Array(n);
        minCostFlow(net, supply, price);
        const flows = arcs.map((_, i) => {
          const s = net.slotOfArc[i]!;
          return net.capacity[s]! - net.residual[s]!;
        });
        const balance = new Int32Array(n);
        flows.forEach((f, i) => {
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThanOrEqual(arcs[i]!.capacity);
          balance[arcs[i]!.tail]! += f;
          balance[arcs[i]!.head]! -= f;
        });
        expect([...balance]).toEqual([...supply]);
        const cost = flows.reduce((sum, f, i) => sum + f * arcs[i]!.cost, 0);
        expect(cost).toBe(lpOptimum(n, arcs, supply));
        // Shortest-path potentials certify optimality: no residual slot with negative reduced cost.
        const potentials = sinkPotentials(net, 0, 2 ** 40);
        for (let v = 0; v < n; v++) {
          for (let s = net.start[v]!; s < net.start[v + 1]!; s++) {
            if (net.residual[s]! === 0) continue;
            expect(net.cost[s]! + potentials[v]! - potentials[net.head[s]!]!).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('warm start from an optimal flow and its prices does no work', () => {
    fc.assert(
      fc.property(networkArb, ({ n, arcs }) => {
        if (arcs.length === 0) return;
        const supply = suppliesOf(n, arcs);
        const net = build(n, arcs, n + 1);
        const price = new Float64Array(n);
        minCostFlow(net, supply, price);
        const again = minCostFlow(net, supply, sinkPotentials(net, 0, 2 ** 40));
        expect(again.refines).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  test('a negative cycle in a circulation is cancelled', () => {
    // 0 → 1 → 2 → 0 with total cost −3 and capacity 2, no supplies: the optimum sends 2 around.
    const arcs: Arc[] = [
      { tail: 0, head: 1, capacity: 2, cost: -2, flow: 0 },
      { tail: 1, head: 2, capacity: 3, cost: 1, flow: 0 },
      { tail: 2, head: 0, capacity: 5, cost: -2, flow: 0 },
    ];
    const net = build(3, arcs, 4);
    minCostFlow(net, new Int32Array(3), new Float64Array(3));
    expect(arcs.map((_, i) => net.capacity[net.slotOfArc[i]!]! - net.residual[net.slotOfArc[i]!]!)).toEqual([
      2, 2, 2,
    ]);
  });

  test('supplies that cannot be routed throw', () => {
    const b = new FlowNetworkBuilder();
    b.addArc(0, 1, 1, 0);
    const net = b.build(2);
    expect(() => minCostFlow(net, Int32Array.from([2, -2]), new Float64Array(2))).toThrow(/cannot be routed/);
  });
});
