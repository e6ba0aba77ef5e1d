/**
 * A faithful replay of the original CineFlow worker (XucroYuri/CineFlow HEAD,
 * reference cineflow-seed.md §4, §5.1, §7, §9) over the same Sora.hk request
 * shapes, simulator transport and virtual clock:
 *
 * - ThreadPoolExecutor(max_workers=20): 20 workers take tasks in scan order. The
 *   adaptive controller is inert (the worker imported `None`), so nothing else limits.
 * - Per task, 3 attempts; before attempts 2–3 sleep U(2, 5) s; before every submit
 *   sleep U(0.5, 3) s.
 * - create_task / get_task under tenacity: 3 tries, 2 s waits, retrying APIError
 *   (which covers 401, 429 → RateLimitError, HTTP errors and body codes ≠ 200 such
 *   as 1012 insufficient balance). Exhaustion raises RetryError → next attempt.
 * - Each try is one requests.Session call with urllib3 Retry(total=3,
 *   backoff_factor=1, status_forcelist=[502, 503, 504], allowed_methods incl. POST):
 *   a 502/503/504 is re-sent after 0, 2, 4 s (Retry-After honoured when present),
 *   then MaxRetryError → APIError. urllib3 1.26's Retry.is_retry also retries a
 *   413/429/503 that carries Retry-After while retries remain, sleeping the
 *   Retry-After; so a 429 with Retry-After is re-sent up to 3 times before
 *   RateLimitError (whose own Retry-After the worker ignores).
 * - After a create: sleep 20 s, then get_task every 10 s while < 2100 s have passed
 *   since; a get_task error sleeps 10 s; completed → download (tenacity 5 tries,
 *   waits 2, 2, 4, 8 s) → done, or a failed download → next attempt (a new
 *   generation); failed → next attempt; the 2100 s running out → next attempt.
 * - A task that exhausts 3 attempts is failed.
 */
import type { ProviderAdapter, ProviderContext, VideoJobInput } from "../../../src/core/providers/types";
import { uniform, type Random } from "../../../src/core/scheduler/random";
import type { Clock } from "../../../src/ports/clock";
import type { HttpPort, HttpRequest, HttpResponse } from "../../../src/ports/http";

/** requests / urllib3 / tenacity exceptions that tenacity retries (APIError and subclasses). */
class ApiError extends Error {}
/** tenacity.RetryError: not an APIError, so the worker's generic handler catches it. */
class RetryError extends Error {}

export interface OriginalOptions {
	http: HttpPort;
	clock: Clock;
	random: Random;
	adapter: ProviderAdapter;
	ctx: () => ProviderContext;
	workers?: number;
}

export type OriginalStatus = "completed" | "failed";

const dec = new TextDecoder();

export class OriginalWorker {
	constructor(private readonly o: OriginalOptions) {}

	private sleep(ms: number): Promise<void> {
		return this.o.clock.sleep(ms);
	}

	/** One Session.request with urllib3's Retry. */
	private async session(req: HttpRequest): Promise<HttpResponse> {
		let total = 3;
		let history = 0;
		for (;;) {
			let res: HttpResponse;
			try {
				res = await this.o.http.request({ ...req, timeoutMs: 30_000 });
			} catch (err) {
				// Connection errors: urllib3 retries them under `total` as well.
				total--;
				history++;
				if (total < 0) throw new ApiError(err instanceof Error ? err.message : String(err));
				await this.sleep(history <= 1 ? 0 : 2 ** (history - 1) * 1000);
				continue;
			}
			const ra = res.headers["retry-after"];
			const hasRa = ra !== undefined && ra !== "";
			const forced = res.status === 502 || res.status === 503 || res.status === 504;
			const raRetry = total > 0 && hasRa && (res.status === 413 || res.status === 429 || res.status === 503);
			if (!forced && !raRetry) return res;
			total--;
			history++;
			if (total < 0) throw new ApiError(`Max retries exceeded (${res.status})`);
			const raSec = hasRa && /^\d+$/.test(ra) ? Number(ra) : 0;
			if (raSec > 0) await this.sleep(raSec * 1000);
			else await this.sleep(history <= 1 ? 0 : 2 ** (history - 1) * 1000);
		}
	}

	/** api_client._request: HTTP errors become APIError subclasses; body must be JSON. */
	private async request(req: HttpRequest): Promise<Record<string, unknown>> {
		const res = await this.session(req);
		if (res.status >= 400) throw new ApiError(`API Request Failed - Status: ${res.status}`);
		try {
			const v = JSON.parse(dec.decode(res.body)) as unknown;
			if (typeof v !== "object" || v === null) throw new Error("not an object");
			return v as Record<string, unknown>;
		} catch {
			throw new ApiError("invalid JSON");
		}
	}

	/** tenacity: stop_after_attempt(3), wait_exponential(min=2) → waits 2 s, 2 s. */
	private async tenacity<T>(fn: () => Promise<T>): Promise<T> {
		for (let i = 0; i < 3; i++) {
			try {
				return await fn();
			} catch (err) {
				if (!(err instanceof ApiError)) throw err;
				if (i < 2) await this.sleep(2000);
			}
		}
		throw new RetryError("RetryError");
	}

	private data(body: Record<string, unknown>): Record<string, unknown> {
		if (body.code !== 200) throw new ApiError(`API Error: ${String(body.message)}`);
		const d = body.data;
		if (typeof d !== "object" || d === null) throw new ApiError("no data");
		return d as Record<string, unknown>;
	}

	private createTask(input: VideoJobInput): Promise<Record<string, unknown>> {
		return this.tenacity(async () => this.data(await this.request(this.o.adapter.buildCreate(input, this.o.ctx()))));
	}

	private getTask(id: string): Promise<Record<string, unknown>> {
		return this.tenacity(async () => this.data(await this.request(this.o.adapter.buildPoll(id, this.o.ctx()))));
	}

	/** downloader: plain requests.get (no session retries), tenacity 5 tries, waits 2, 2, 4, 8 s. */
	private async download(url: string): Promise<boolean> {
		const waits = [2000, 2000, 4000, 8000];
		for (let i = 0; i < 5; i++) {
			try {
				const res = await this.o.http.request({ method: "GET", url, timeoutMs: 300_000 });
				if (res.status >= 400) throw new Error(`HTTP ${res.status}`);
				const len = res.headers["content-length"];
				if (len !== undefined && Number(len) > 0 && Number(len) !== res.body.length) throw new Error("Download incomplete");
				return true;
			} catch {
				if (i < 4) await this.sleep(waits[i] as number);
			}
		}
		return false;
	}

	/** worker.process_task for one task. */
	async processTask(input: VideoJobInput): Promise<OriginalStatus> {
		const clock = this.o.clock;
		for (let attempt = 1; attempt <= 3; attempt++) {
			if (attempt > 1) await this.sleep(uniform(this.o.random, 2000, 5000));
			await this.sleep(uniform(this.o.random, 500, 3000));
			let taskId: string;
			try {
				const d = await this.createTask(input);
				if (typeof d.task_id !== "string") throw new ApiError("no task_id");
				taskId = d.task_id;
			} catch {
				continue;
			}
			await this.sleep(20_000);
			const start = clock.now();
			while (clock.now() - start < 2_100_000) {
				let t: Record<string, unknown>;
				try {
					t = await this.getTask(taskId);
				} catch {
					await this.sleep(10_000);
					continue;
				}
				const status = t.status;
				if (status === "completed") {
					if (typeof t.video_url === "string" && (await this.download(t.video_url))) return "completed";
					break;
				}
				if (status === "failed") break;
				await this.sleep(10_000);
			}
		}
		return "failed";
	}

	/** main: a 20-worker pool over the tasks in order; collects every result. */
	async runBatch(inputs: VideoJobInput[]): Promise<OriginalStatus[]> {
		const out: OriginalStatus[] = new Array<OriginalStatus>(inputs.length).fill("failed");
		let next = 0;
		const worker = async () => {
			while (next < inputs.length) {
				const i = next++;
				out[i] = await this.processTask(inputs[i] as VideoJobInput);
			}
		};
		await Promise.all(Array.from({ length: this.o.workers ?? 20 }, worker));
		return out;
	}
}

export interface RerunResult {
	/** End time of each run (clock ms). */
	runEnds: number[];
	/** Jobs completed after each run (cumulative). */
	completedAfter: number[];
	finished: boolean;
}

/**
 * The user's workaround: run the batch, then re-run it at once (resume skipping
 * completed jobs) until everything is done, a run makes no progress, or `maxRuns`.
 */
export async function runOriginalWithReruns(worker: OriginalWorker, clock: Clock, inputs: VideoJobInput[], maxRuns = 10): Promise<RerunResult> {
	const done = new Array<boolean>(inputs.length).fill(false);
	const runEnds: number[] = [];
	const completedAfter: number[] = [];
	for (let run = 0; run < maxRuns; run++) {
		const idx = inputs.map((_, i) => i).filter((i) => !done[i]);
		const res = await worker.runBatch(idx.map((i) => inputs[i] as VideoJobInput));
		let progress = 0;
		res.forEach((r, k) => {
			if (r === "completed") {
				done[idx[k] as number] = true;
				progress++;
			}
		});
		runEnds.push(clock.now());
		const total = done.filter(Boolean).length;
		completedAfter.push(total);
		if (total === inputs.length) return { runEnds, completedAfter, finished: true };
		if (progress === 0) break;
	}
	return { runEnds, completedAfter, finished: false };
}
