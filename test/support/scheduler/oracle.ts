/**
 * The oracle: knows the hidden capacity C(t), the outage windows and every job's
 * duration. Greedy list scheduling: a job starts the instant a slot is free on the
 * server (running < C(t)) and no outage is under way; it is detected the instant it
 * finishes, or at the end of the outage it finishes in. Requests take no time and
 * the request bucket is ignored. For fixed T and constant C this is exactly
 * ceil(N/C)·T. With mixed durations the list order matters, so `bestOracle` takes
 * the better of job order and longest-first order (a greedy schedule, not a proven
 * lower bound).
 */

export interface OracleInput {
	/** Duration of each job in submission order (ms). */
	durations: number[];
	/** C(t), t relative to the start. */
	capacity: number | Array<{ at: number; value: number }>;
	outages: Array<{ from: number; to: number }>;
}

export interface OracleResult {
	makespanMs: number;
	/** Start and detection time of each job. */
	starts: number[];
	detected: number[];
}

export function capacityAt(c: OracleInput["capacity"], t: number): number {
	if (typeof c === "number") return c;
	let v = c[0]?.value ?? 0;
	for (const s of [...c].sort((a, b) => a.at - b.at)) if (s.at <= t) v = s.value;
	return v;
}

function outageAt(outages: OracleInput["outages"], t: number): { from: number; to: number } | undefined {
	return outages.find((o) => t >= o.from && t < o.to);
}

export function oracle(input: OracleInput): OracleResult {
	const n = input.durations.length;
	const starts: number[] = new Array<number>(n).fill(NaN);
	const detected: number[] = new Array<number>(n).fill(NaN);
	const steps = typeof input.capacity === "number" ? [] : input.capacity.map((s) => s.at);
	/** Finish times of running jobs. */
	let running: number[] = [];
	let next = 0;
	let t = 0;
	let guard = 0;
	while (next < n || running.length > 0) {
		if (++guard > 10 * n + 10_000) throw new Error("oracle: no progress");
		running = running.filter((f) => f > t);
		const out = outageAt(input.outages, t);
		if (!out) {
			while (next < n && running.length < capacityAt(input.capacity, t)) {
				const d = input.durations[next] as number;
				starts[next] = t;
				const f = t + d;
				const o = outageAt(input.outages, f);
				detected[next] = o ? o.to : f;
				running.push(f);
				next++;
			}
		}
		// Next instant anything can change: a finish, a capacity step, an outage end.
		const candidates = [...running.filter((f) => f > t), ...steps.filter((s) => s > t)];
		if (out) candidates.push(out.to);
		if (candidates.length === 0) break;
		t = Math.min(...candidates);
	}
	let makespanMs = 0;
	for (const d of detected) if (d > makespanMs) makespanMs = d;
	return { makespanMs, starts, detected };
}

/** The better of list scheduling in job order and longest-processing-time-first order. */
export function bestOracle(input: OracleInput): { makespanMs: number; order: "job" | "longest-first" } {
	const inOrder = oracle(input).makespanMs;
	const lpt = oracle({ ...input, durations: [...input.durations].sort((a, b) => b - a) }).makespanMs;
	return lpt < inOrder ? { makespanMs: lpt, order: "longest-first" } : { makespanMs: inOrder, order: "job" };
}
