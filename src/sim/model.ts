/**
 * The simulator's server model: tasks, hidden capacity C(t) per key, the request
 * token bucket, outage windows and seeded fault rolls. Time comes from the
 * injected clock; state advances lazily (`settle`) to the clock's now, processing
 * completions and queue starts in time order so results do not depend on when
 * requests happen to arrive.
 */
import type { Clock } from "../ports/clock";
import type { DurationSpec, Scenario } from "./scenario";
import type { CreateSpec, SimLogEntry, TaskRec, TaskView } from "./types";
import { seededRandom } from "../core/scheduler/random";

function sample(spec: DurationSpec, rand: () => number): number {
	if (typeof spec === "number") return spec;
	if ("mix" in spec) {
		const total = spec.mix.reduce((a, m) => a + m.weight, 0);
		let r = rand() * total;
		for (const m of spec.mix) {
			r -= m.weight;
			if (r < 0) return sample(m.spec, rand);
		}
		return sample((spec.mix[spec.mix.length - 1] as { spec: DurationSpec }).spec, rand);
	}
	if ("lognormal" in spec) {
		const { median, sigma, min, max } = spec.lognormal;
		// Box–Muller from two uniform draws.
		const u = Math.max(rand(), 1e-12);
		const v = rand();
		const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
		return Math.min(max ?? Infinity, Math.max(min ?? 0, median * Math.exp(sigma * z)));
	}
	return spec.min + rand() * (spec.max - spec.min);
}

export class SimModel {
	readonly start: number;
	scenario: Scenario;
	readonly log: SimLogEntry[] = [];
	readonly tasks = new Map<string, TaskRec>();
	/** Tasks by file id (a download names the file, not the task). */
	private readonly byFile = new Map<string, TaskRec>();
	/** Tasks not finished yet (queued or running), in creation order. */
	private active: TaskRec[] = [];
	private settledAt: number;
	private faultRand: () => number;
	private jobRand: () => number;
	private idRand: () => number;
	private bucket: { tokens: number; at: number } | undefined;
	/** Tasks created so far (including those answered with a 502). */
	created = 0;
	downloads = 0;
	/** Capacity 429s answered so far (for `capacityRetryAfter.count`). */
	capacityAnswers = 0;
	chatIndex = 0;
	private seq = 0;

	constructor(
		readonly clock: Clock,
		scenario: Scenario,
		readonly seed: number,
	) {
		this.start = clock.now();
		this.settledAt = this.start;
		this.scenario = scenario;
		this.faultRand = seededRandom(seed);
		this.jobRand = seededRandom(seed ^ 0x9e3779b9);
		this.idRand = seededRandom(seed ^ 0x85ebca6b);
	}

	now(): number {
		return this.clock.now();
	}

	/** Capacity C(t) at absolute clock time t. */
	capacityAt(t: number): number {
		const c = this.scenario.capacity;
		if (typeof c === "number") return c;
		const rel = t - this.start;
		let v = c[0]?.value ?? 0;
		for (const step of [...c].sort((a, b) => a.at - b.at)) if (step.at <= rel) v = step.value;
		return v;
	}

	/** The 5xx status of an outage window covering t, if any. */
	outageAt(t: number): number | undefined {
		const rel = t - this.start;
		for (const o of this.scenario.outages) if (rel >= o.from && rel < o.to) return o.status ?? 503;
		return undefined;
	}

	/** Seeded coin flip for fault injection (no draw when p is 0, so knobs stay independent). */
	roll(p: number): boolean {
		if (p <= 0) return false;
		if (p >= 1) return true;
		return this.faultRand() < p;
	}

	rand(): number {
		return this.idRand();
	}

	hex(n: number): string {
		let s = "";
		while (s.length < n)
			s += Math.floor(this.idRand() * 0x100000000)
				.toString(16)
				.padStart(8, "0");
		return s.slice(0, n);
	}

	uuid(): string {
		const h = this.hex(32);
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}

	durationFor(model: string, seconds: number): number {
		const spec = this.scenario.jobDurationMs;
		let base: number;
		if (typeof spec === "object" && "byModel" in spec) {
			const s = spec.byModel[model] ?? spec.default ?? 60_000;
			base = sample(s, this.jobRand);
		} else {
			base = sample(spec as DurationSpec, this.jobRand);
		}
		const per = this.scenario.durationPerVideoSecond;
		return Math.max(0, Math.round(base + (per ? per * seconds : 0)));
	}

	private runningCount(key: string): number {
		let n = 0;
		for (const t of this.active) if (t.key === key && t.status === "running") n++;
		return n;
	}

	private startQueued(t: number): void {
		for (const task of this.active) {
			if (task.status !== "queued") continue;
			if (this.runningCount(task.key) >= this.capacityAt(t)) continue;
			task.status = "running";
			task.startedAt = t;
			task.doneAt = t + task.durationMs;
		}
	}

	/** Advances every task to `now`: completions and queue starts, in time order. */
	settle(now = this.now()): void {
		const steps = typeof this.scenario.capacity === "number" ? [] : this.scenario.capacity.map((s) => this.start + s.at);
		for (;;) {
			let t = Infinity;
			let queued = false;
			for (const task of this.active) {
				if (task.status === "running" && task.doneAt !== null && task.doneAt <= now && task.doneAt < t) t = task.doneAt;
				if (task.status === "queued") queued = true;
			}
			if (queued) for (const s of steps) if (s > this.settledAt && s <= now && s < t) t = s;
			if (t === Infinity) break;
			for (const task of this.active) {
				if (task.status === "running" && task.doneAt !== null && task.doneAt <= t) task.status = task.policy ? "failed" : "succeeded";
			}
			this.active = this.active.filter((x) => x.status === "queued" || x.status === "running");
			this.settledAt = Math.max(this.settledAt, t);
			this.startQueued(t);
		}
		this.settledAt = Math.max(this.settledAt, now);
	}

	/** True when the next create must get the insufficient-balance error. */
	quotaExhausted(): boolean {
		const n = this.scenario.quotaAfterCreates;
		return n !== null && this.created >= n;
	}

	/** True when a create must be rejected for capacity (reject mode only). */
	atCapacity(key: string, now: number): boolean {
		if (this.scenario.queueInsteadOfReject) return false;
		return this.runningCount(key) >= this.capacityAt(now);
	}

	/** Creates a task (the caller checked quota and capacity). */
	admit(provider: string, id: string, spec: CreateSpec, key: string, now: number): TaskRec {
		const durationMs = this.durationFor(spec.model, spec.seconds);
		const startNow = this.runningCount(key) < this.capacityAt(now);
		const task: TaskRec = {
			id,
			provider,
			model: spec.model,
			prompt: spec.prompt,
			createdAt: now,
			startedAt: startNow ? now : null,
			doneAt: startNow ? now + durationMs : null,
			status: startNow ? "running" : "queued",
			durationMs,
			seconds: spec.seconds,
			size: spec.size,
			pro: spec.pro,
			key,
			policy: spec.prompt.includes(this.scenario.policyMarker),
			fileId: this.hex(24),
			flavor: spec.flavor,
			imageUrl: spec.imageUrl,
			...(spec.images?.length ? { images: spec.images } : {}),
			seq: ++this.seq,
		};
		this.tasks.set(id, task);
		this.byFile.set(task.fileId, task);
		this.active.push(task);
		this.created++;
		return task;
	}

	/** The status code a just-created task's answer is replaced with (S11), if any. */
	post502(): number | undefined {
		const p = this.scenario.post502AfterCreate;
		if (typeof p === "number") return this.roll(p) ? 502 : undefined;
		return p.nth.includes(this.created) ? (p.status ?? 502) : undefined;
	}

	view(task: TaskRec, now: number): TaskView {
		if (task.status === "queued") return { status: "queued", progress: 0 };
		if (task.status === "succeeded") return { status: "succeeded", progress: 100 };
		if (task.status === "failed") return { status: "failed", progress: 97 };
		const started = task.startedAt ?? now;
		const frac = task.durationMs <= 0 ? 1 : Math.min(1, Math.max(0, (now - started) / task.durationMs));
		const curved = this.scenario.progressCurve === "pow1.5" ? Math.pow(frac, 1.5) : frac;
		return { status: "running", progress: Math.min(99, Math.floor(curved * 100)) };
	}

	/** Takes a token from the request bucket; when empty, says how long until one is back. */
	takeToken(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
		const rpm = this.scenario.rpm;
		if (!rpm) return { ok: true };
		const burst = rpm.burst ?? Math.max(1, Math.round(rpm.limit));
		const rate = rpm.limit / 60_000;
		if (!this.bucket) this.bucket = { tokens: burst, at: now };
		const b = this.bucket;
		b.tokens = Math.min(burst, b.tokens + Math.max(0, now - b.at) * rate);
		b.at = now;
		if (b.tokens >= 1) {
			b.tokens -= 1;
			return { ok: true };
		}
		return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) / rate) };
	}

	/** The task whose video file has this id. */
	taskByFile(fileId: string): TaskRec | undefined {
		return this.byFile.get(fileId);
	}

	/** Tasks of one provider, newest first. */
	tasksOf(provider: string): TaskRec[] {
		return [...this.tasks.values()].filter((t) => t.provider === provider).reverse();
	}

	nextChat(): string | undefined {
		const s = this.scenario.chatScript[this.chatIndex];
		if (s !== undefined) this.chatIndex++;
		return s;
	}
}
