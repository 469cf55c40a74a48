// Min-cost flow by cost-scaling push-relabel (Goldberg 1997, "An efficient implementation of a
// scaling minimum-cost flow algorithm"; the same scheme as OR-Tools' GenericMinCostFlow).
//
// Conventions (shared with the callers that read prices back):
//   - every arc is stored twice in CSR order: a forward slot (capacity > 0) and its mate, the
//     reverse slot (capacity 0); residual[s] is the capacity left on slot s, so the flow on a
//     forward arc is capacity[s] − residual[s] and equals residual[mate[s]];
//   - reduced cost rc(s) = cost[s] + price[tail] − price[head]; a residual slot is admissible when
//     rc < 0; relabelling lowers a node's price;
//   - a flow with prices is ε-optimal when every residual slot has rc ≥ −ε.
// Costs must be integers (already multiplied by the caller's scale factor α); ε stays an integer and
// the last refinement runs at ε = 1, so the final flow is 1-optimal. With α larger than the number
// of arcs on any simple cycle of the residual graph, a 1-optimal flow has no negative cycle in
// unscaled units (a cycle of L < α arcs costs ≥ −L > −α, i.e. > −1 unscaled, hence ≥ 0 since
// unscaled costs are integers), i.e. it is optimal.
//
// Heuristics (all from Goldberg's paper / CS2): push look-ahead (relabel a node before pushing
// into it when it could only push back), global price updates (a bucket-Dijkstra toward the
// deficits at the start of each refinement and after every n relabels), and price refinement
// (skip a refinement when prices alone can make the current flow ε-optimal for the next ε — on
// these assignment networks the flow usually settles several scales before ε reaches 1).
//
// Everything is deterministic: nodes are scanned in index order, arcs in insertion order, and the
// active set is a stack.

/** A residual network in CSR layout. Arrays are owned by the network and mutated by the solver. */
export type FlowNetwork = {
  readonly nodeCount: number;
  /** Slot range of node v: start[v] ≤ s < start[v + 1]. */
  readonly start: Int32Array;
  readonly head: Int32Array;
  readonly mate: Int32Array;
  /** Scaled integer costs; the reverse slot holds the negated cost. */
  readonly cost: Float64Array;
  /** Original capacity per slot: > 0 for forward slots, 0 for reverse slots. */
  readonly capacity: Int32Array;
  readonly residual: Int32Array;
  /** Forward slot of the i-th arc added to the builder. */
  readonly slotOfArc: Int32Array;
};

/** Collects arcs, then lays them out in CSR order (per tail: insertion order). */
export class FlowNetworkBuilder {
  // Growable typed arrays: much cheaper than number[] at hundreds of thousands of arcs.
  private tails = new Int32Array(1024);
  private heads = new Int32Array(1024);
  private caps = new Int32Array(1024);
  private costs = new Float64Array(1024);
  private count = 0;

  get arcCount(): number {
    return this.count;
  }

  /** Adds a forward arc and returns its index; capacity must be a positive integer. */
  addArc(tail: number, head: number, capacity: number, cost: number): number {
    const i = this.count;
    if (i === this.tails.length) this.grow();
    this.tails[i] = tail;
    this.heads[i] = head;
    this.caps[i] = capacity;
    this.costs[i] = cost;
    this.count = i + 1;
    return i;
  }

  private grow(): void {
    const size = this.tails.length * 2;
    const tails = new Int32Array(size);
    tails.set(this.tails);
    this.tails = tails;
    const heads = new Int32Array(size);
    heads.set(this.heads);
    this.heads = heads;
    const caps = new Int32Array(size);
    caps.set(this.caps);
    this.caps = caps;
    const costs = new Float64Array(size);
    costs.set(this.costs);
    this.costs = costs;
  }

  build(nodeCount: number): FlowNetwork {
    const m = this.count;
    const { tails, heads, caps, costs } = this;
    const start = new Int32Array(nodeCount + 1);
    for (let i = 0; i < m; i++) {
      start[tails[i]! + 1]!++;
      start[heads[i]! + 1]!++;
    }
    for (let v = 0; v < nodeCount; v++) start[v + 1]! += start[v]!;
    const fill = start.slice(0, nodeCount);
    const head = new Int32Array(2 * m);
    const mate = new Int32Array(2 * m);
    const cost = new Float64Array(2 * m);
    const capacity = new Int32Array(2 * m);
    const residual = new Int32Array(2 * m);
    const slotOfArc = new Int32Array(m);
    // Forward and reverse slots are placed in one pass over the arcs, so each node's slots keep
    // the insertion order of the arcs that touch it.
    for (let i = 0; i < m; i++) {
      const t = tails[i]!;
      const h = heads[i]!;
      const f = fill[t]!++;
      const r = fill[h]!++;
      head[f] = h;
      head[r] = t;
      mate[f] = r;
      mate[r] = f;
      cost[f] = costs[i]!;
      cost[r] = -costs[i]!;
      capacity[f] = caps[i]!;
      residual[f] = caps[i]!;
      slotOfArc[i] = f;
    }
    return { nodeCount, start, head, mate, cost, capacity, residual, slotOfArc };
  }
}

export type CostScalingStats = {
  refines: number;
  /** Refinements skipped because price refinement alone reached the next ε. */
  priceRefines: number;
  pushes: number;
  relabels: number;
  priceUpdates: number;
};

/** ε is divided by this factor between refinements. */
const DEFAULT_SCALE_FACTOR = 16;
/** Work budget of one price refinement, in passes over all slots. */
const PRICE_REFINE_BUDGET = 10;
/** A global price update runs after this many relabels per node (and at the start of each refinement). */
const DEFAULT_UPDATE_EVERY = 1;

export type CostScalingOptions = {
  /** ε is divided by this factor between refinements (Goldberg suggests 8–16). */
  scaleFactor?: number;
  /** Global price update after updateEvery × nodeCount relabels. */
  updateEvery?: number;
  /** Called after each refinement with the fraction of the ε range covered so far. */
  onRefine?: (fraction: number) => void;
};

/** Largest price magnitude for which all reduced-cost arithmetic stays exact in a double. */
const PRICE_LIMIT = 2 ** 52;

/**
 * Lowers v's price so that its cheapest residual slot gets rc = −ε (all others stay ≥ −ε).
 * Returns false when v has no residual slot at all.
 */
function relabel(net: FlowNetwork, price: Float64Array, v: number, eps: number): boolean {
  const { start, head, cost, residual } = net;
  let best = Number.NEGATIVE_INFINITY;
  const end = start[v + 1]!;
  for (let s = start[v]!; s < end; s++) {
    if (residual[s]! === 0) continue;
    const val = price[head[s]!]! - cost[s]!;
    if (val > best) best = val;
  }
  if (best === Number.NEGATIVE_INFINITY) return false;
  const p = best - eps;
  if (p < -PRICE_LIMIT) throw new Error('min-cost flow: prices left the exact range');
  price[v] = p;
  return true;
}

/** Scratch space of the global price update, allocated once per solve. */
type UpdateScratch = {
  dist: Int32Array;
  settled: Uint8Array;
  next: Int32Array;
  prev: Int32Array;
  bucketHead: Int32Array;
};

/**
 * Global price update: Dijkstra with a bucket queue from the deficit nodes over reversed residual
 * slots, slot length ⌊(rc + ε)/ε⌋ ≥ 0; then price[v] −= ε·d(v). For a residual slot u→w this
 * gives rc' = rc − ε(d(u) − d(w)) ≥ rc − ε·len ≥ −ε, so ε-optimality is preserved, and admissible
 * paths toward deficits appear everywhere at once. The search stops once every active node is
 * settled (or at distance n); unsettled nodes all get the stop level D, which is valid because
 * their true distance is ≥ D. Returns false when there was nothing to do.
 */
function priceUpdate(
  net: FlowNetwork,
  price: Float64Array,
  excess: Int32Array,
  eps: number,
  sc: UpdateScratch,
): boolean {
  const n = net.nodeCount;
  const { start, head, mate, cost, residual } = net;
  const { dist, settled, next, prev, bucketHead } = sc;
  const limit = bucketHead.length - 1;
  let activeLeft = 0;
  for (let v = 0; v < n; v++) if (excess[v]! > 0) activeLeft++;
  if (activeLeft === 0) return false;
  dist.fill(-1);
  settled.fill(0);
  bucketHead.fill(-1);
  for (let v = 0; v < n; v++) {
    if (excess[v]! < 0) {
      const h = bucketHead[0]!;
      next[v] = h;
      prev[v] = -1;
      if (h >= 0) prev[h] = v;
      bucketHead[0] = v;
      dist[v] = 0;
    }
  }
  let stopLevel = limit + 1;
  outer: for (let level = 0; level <= limit; level++) {
    for (;;) {
      const w = bucketHead[level]!;
      if (w < 0) break;
      const nw = next[w]!;
      bucketHead[level] = nw;
      if (nw >= 0) prev[nw] = -1;
      settled[w] = 1;
      if (excess[w]! > 0 && --activeLeft === 0) {
        stopLevel = level;
        break outer;
      }
      const pw = price[w]!;
      const end = start[w + 1]!;
      for (let s = start[w]!; s < end; s++) {
        const a = mate[s]!;
        if (residual[a]! === 0) continue;
        const u = head[s]!;
        if (settled[u]) continue;
        const rc = cost[a]! + price[u]! - pw;
        const nd = rc < 0 ? level : level + Math.floor((rc + eps) / eps);
        if (nd > limit) continue;
        const du = dist[u]!;
        if (du >= 0) {
          if (du <= nd) continue;
          // Unlink u from bucket du.
          const p = prev[u]!;
          const x = next[u]!;
          if (p >= 0) next[p] = x;
          else bucketHead[du] = x;
          if (x >= 0) prev[x] = p;
        }
        const h = bucketHead[nd]!;
        next[u] = h;
        prev[u] = -1;
        if (h >= 0) prev[h] = u;
        bucketHead[nd] = u;
        dist[u] = nd;
      }
    }
  }
  for (let v = 0; v < n; v++) {
    const d = settled[v] ? dist[v]! : stopLevel;
    if (d > 0) price[v] = price[v]! - d * eps;
  }
  return true;
}

/**
 * Price refinement (Goldberg's heuristic): tries to make the current flow ε-optimal for a smaller ε
 * by changing prices only. With slot lengths ℓ = rc + ε, shortest distances d from a virtual root
 * (0-length arcs to every node) give prices p' = p + d with rc' = rc + d(u) − d(v) ≥ −ε. They exist
 * iff no residual cycle is ℓ-negative. Label-correcting (FIFO Bellman–Ford) with a work budget;
 * gives up (prices untouched) on a negative cycle or when the budget runs out.
 */
function refinePrices(
  net: FlowNetwork,
  price: Float64Array,
  eps: number,
  budget: number,
  sc: UpdateScratch,
): boolean {
  const n = net.nodeCount;
  const { start, head, cost, residual } = net;
  const d = new Float64Array(n);
  const queue = sc.next;
  const inQueue = sc.settled;
  const enqueued = sc.dist;
  enqueued.fill(0);
  inQueue.fill(0);
  let qHead = 0;
  let qLen = 0;
  // Only tails of slots with ℓ < 0 can start an improvement.
  for (let v = 0; v < n; v++) {
    const pv = price[v]!;
    for (let s = start[v]!; s < start[v + 1]!; s++) {
      if (residual[s]! > 0 && cost[s]! + pv - price[head[s]!]! + eps < 0) {
        queue[qLen++] = v;
        inQueue[v] = 1;
        break;
      }
    }
  }
  if (qLen === 0) return true;
  let work = 0;
  while (qLen > 0) {
    const u = queue[qHead]!;
    qHead = qHead + 1 === n ? 0 : qHead + 1;
    qLen--;
    inQueue[u] = 0;
    const base = d[u]! + price[u]! + eps;
    const end = start[u + 1]!;
    work += end - start[u]!;
    if (work > budget) return false;
    for (let s = start[u]!; s < end; s++) {
      if (residual[s]! === 0) continue;
      const v = head[s]!;
      const cand = base + cost[s]! - price[v]!;
      if (cand < d[v]!) {
        d[v] = cand;
        if (!inQueue[v]) {
          if (++enqueued[v]! > n) return false;
          inQueue[v] = 1;
          queue[(qHead + qLen) % n] = v;
          qLen++;
        }
      }
    }
  }
  for (let v = 0; v < n; v++) price[v] = price[v]! + d[v]!;
  return true;
}

/**
 * Turns the current flow into an optimal one (for the scaled costs, up to ε = 1) that meets the
 * node supplies (supply > 0: source, < 0: demand). Works from any starting flow and prices: the
 * starting ε is the largest violation of ε-optimality, so a warm start from a nearly optimal state
 * needs few refinements. Throws if the supplies cannot be routed (the caller must check feasibility
 * first) or if prices leave the exactly representable range.
 */
export function minCostFlow(
  net: FlowNetwork,
  supply: Int32Array,
  price: Float64Array,
  options: CostScalingOptions = {},
): CostScalingStats {
  const n = net.nodeCount;
  const { start, head, mate, cost, capacity, residual } = net;
  const factor = options.scaleFactor ?? DEFAULT_SCALE_FACTOR;
  const stats: CostScalingStats = { refines: 0, priceRefines: 0, pushes: 0, relabels: 0, priceUpdates: 0 };

  // excess = supply − outflow + inflow of the current flow.
  const excess = Int32Array.from(supply);
  for (let v = 0; v < n; v++) {
    for (let s = start[v]!; s < start[v + 1]!; s++) {
      if (capacity[s]! > 0) excess[v]! -= capacity[s]! - residual[s]!;
      else excess[v]! += residual[s]!;
    }
  }
  let anyExcess = false;
  let startEps = 0;
  for (let v = 0; v < n; v++) {
    if (excess[v] !== 0) anyExcess = true;
    const pv = price[v]!;
    for (let s = start[v]!; s < start[v + 1]!; s++) {
      if (residual[s]! === 0) continue;
      const rc = cost[s]! + pv - price[head[s]!]!;
      if (-rc > startEps) startEps = -rc;
    }
  }
  if (startEps <= 1 && !anyExcess) return stats;
  // With excesses to move, ε must start large enough for prices to move freely.
  if (anyExcess) for (let s = 0; s < cost.length; s++) startEps = Math.max(startEps, Math.abs(cost[s]!));

  // Price refinement needs a feasible flow, and cannot shortcut a cold start (all-zero prices).
  let tryPriceRefinement = !anyExcess && !price.every((p) => p === 0);
  const current = new Int32Array(n);
  const stack = new Int32Array(n);
  const inStack = new Uint8Array(n);
  const scratch: UpdateScratch = {
    dist: new Int32Array(n),
    settled: new Uint8Array(n),
    next: new Int32Array(n),
    prev: new Int32Array(n),
    bucketHead: new Int32Array(n + 1),
  };
  const updateEvery = Math.max(1, Math.round(n * (options.updateEvery ?? DEFAULT_UPDATE_EVERY)));
  const resetCurrent = (): void => current.set(start.subarray(0, n));

  const refine = (eps: number): void => {
    stats.refines++;
    // Saturating every slot with rc < 0 makes the flow 0-optimal at the price of creating
    // excesses, which the push/relabel loop then removes.
    for (let v = 0; v < n; v++) {
      const pv = price[v]!;
      const end = start[v + 1]!;
      for (let s = start[v]!; s < end; s++) {
        const r = residual[s]!;
        if (r === 0) continue;
        const w = head[s]!;
        if (cost[s]! + pv - price[w]! < 0) {
          residual[s] = 0;
          residual[mate[s]!]! += r;
          excess[v]! -= r;
          excess[w]! += r;
        }
      }
    }
    resetCurrent();
    if (priceUpdate(net, price, excess, eps, scratch)) stats.priceUpdates++;
    // Active nodes on a stack (LIFO): a node that receives flow is discharged next, which keeps
    // pushes moving along one path instead of spreading thin.
    let top = 0;
    for (let v = n - 1; v >= 0; v--) {
      if (excess[v]! > 0) {
        stack[top++] = v;
        inStack[v] = 1;
      }
    }
    let relabelsSinceUpdate = 0;
    while (top > 0) {
      const v = stack[--top]!;
      inStack[v] = 0;
      let ev = excess[v]!;
      const end = start[v + 1]!;
      while (ev > 0) {
        const pv = price[v]!;
        let s = current[v]!;
        for (; s < end; s++) {
          const r = residual[s]!;
          if (r === 0) continue;
          const w = head[s]!;
          if (cost[s]! + pv - price[w]! >= 0) continue;
          // Push look-ahead: pushing into a node without deficit and without an admissible slot
          // would only bounce back; relabel it first, which may make this slot inadmissible.
          if (excess[w]! >= 0) {
            const pw = price[w]!;
            const endW = start[w + 1]!;
            let t = current[w]!;
            for (; t < endW; t++) {
              if (residual[t]! > 0 && cost[t]! + pw - price[head[t]!]! < 0) break;
            }
            if (t < endW) current[w] = t;
            else if (relabel(net, price, w, eps)) {
              // (A node without any residual slot, e.g. an entry whose arcs are all saturated,
              // cannot be relabelled; the push below then gives it its first way back.)
              current[w] = start[w]!;
              stats.relabels++;
              relabelsSinceUpdate++;
              if (cost[s]! + pv - price[w]! >= 0) continue;
            }
          }
          const delta = Math.min(ev, r);
          residual[s] = r - delta;
          residual[mate[s]!]! += delta;
          ev -= delta;
          const before = excess[w]!;
          excess[w] = before + delta;
          stats.pushes++;
          if (before <= 0 && before + delta > 0 && !inStack[w]) {
            stack[top++] = w;
            inStack[w] = 1;
          }
          if (ev === 0) break;
        }
        if (ev > 0) {
          if (!relabel(net, price, v, eps)) throw new Error('min-cost flow: supplies cannot be routed');
          current[v] = start[v]!;
          stats.relabels++;
          relabelsSinceUpdate++;
        } else current[v] = s;
      }
      excess[v] = 0;
      if (relabelsSinceUpdate > updateEvery && top > 0) {
        relabelsSinceUpdate = 0;
        if (priceUpdate(net, price, excess, eps, scratch)) stats.priceUpdates++;
        resetCurrent();
      }
    }
  };

  const totalSteps = Math.max(1, Math.ceil(Math.log(Math.max(2, startEps)) / Math.log(factor)));
  let eps = startEps;
  do {
    eps = Math.max(1, Math.floor(eps / factor));
    // Often the flow of the previous refinement is already ε-optimal for the smaller ε (or even
    // optimal) and only the prices lag behind: then a shortest-path pass replaces the refinement.
    if (tryPriceRefinement && refinePrices(net, price, eps, PRICE_REFINE_BUDGET * cost.length, scratch)) {
      stats.priceRefines++;
    } else {
      refine(eps);
      tryPriceRefinement = true;
    }
    options.onRefine?.(Math.min(1, (stats.refines + stats.priceRefines) / totalSteps));
  } while (eps > 1);
  return stats;
}

/**
 * Exact optimal potentials for an optimal flow: price[v] = −(length of the shortest residual path
 * from v to `sink`), so every residual slot gets rc = c − d(u) + d(v) ≥ 0 (complementary slackness
 * with ε = 0). Nodes that cannot reach the sink get there through a virtual arc of length `virtualLength`
 * (which only adds constraints, so the potentials stay valid for the real slots). Of all optimal
 * potentials these make every node as cheap as possible relative to the sink: a judge's price
 * reflects the cheapest way to route one more unit through it, which equalises judges whose loads
 * can be traded, and that is what lets certification accept unpruned pairs. Label-correcting
 * (FIFO Bellman–Ford); throws if the flow is not optimal (a negative cycle).
 */
export function sinkPotentials(net: FlowNetwork, sink: number, virtualLength: number): Float64Array {
  const n = net.nodeCount;
  const { start, head, mate, cost, residual } = net;
  const dist = new Float64Array(n).fill(virtualLength);
  dist[sink] = 0;
  const queue = new Int32Array(n);
  const inQueue = new Uint8Array(n);
  const enqueued = new Int32Array(n);
  let qHead = 0;
  let qLen = 0;
  for (let v = 0; v < n; v++) {
    queue[qLen++] = v;
    inQueue[v] = 1;
  }
  while (qLen > 0) {
    const w = queue[qHead]!;
    qHead = (qHead + 1) % n;
    qLen--;
    inQueue[w] = 0;
    const dw = dist[w]!;
    for (let s = start[w]!; s < start[w + 1]!; s++) {
      const a = mate[s]!;
      if (residual[a]! === 0) continue;
      const u = head[s]!;
      const cand = cost[a]! + dw;
      if (cand < dist[u]!) {
        dist[u] = cand;
        if (!inQueue[u]) {
          // FIFO Bellman–Ford enqueues a node at most once per pass and needs at most n passes.
          if (++enqueued[u]! > n + 1)
            throw new Error('min-cost flow: negative cycle, the flow is not optimal');
          inQueue[u] = 1;
          queue[(qHead + qLen) % n] = u;
          qLen++;
        }
      }
    }
  }
  for (let v = 0; v < n; v++) dist[v] = -dist[v]!;
  return dist;
}
