/**
 * The product's main job, shared by the plugin and the CLI:
 * note(s) → shots → plan → journal-aware takes → scheduler (per provider) →
 * verified download → atomic write into `_assets` → embed patched into the note.
 *
 * Crash safety: the journal is written before and after every submit, so a rerun
 * polls what was submitted instead of paying for it again. Videos are written to
 * `<path>.tmp`, checked, then renamed into place. A failed download is retried as
 * a download only; it never causes a new generation.
 */
import type { Clock } from "../../ports/clock";
import type { HttpPort } from "../../ports/http";
import type { ProgressPort } from "../../ports/progress";
import type { SecretsPort } from "../../ports/secrets";
import type { VaultPort } from "../../ports/vault";
import { downloadVideo } from "../download";
import type { JobEvent, RunEvent, StopReason, SummaryEvent } from "../events";
import { Journal, JournalError } from "../journal";
import { parseMarkdown } from "../parse";
import type { ParsedNote } from "../parse/model";
import { applyEmbed, embedRecognizer, type BlockPos } from "../patch";
import { outputPathFor } from "../paths";
import { planJobs, type Plan } from "../plan";
import { getModelSpec, getProviderInfo } from "../providers/catalog";
import { getAdapter } from "../providers/index";
import type { DownloadRequest, Failure, ModelSpec, ReferenceInput, VideoJobInput } from "../providers/types";
import { createRedactor, type Redactor } from "../redact";
import { runEngine, type DeliverControl, type DeliverResult, type EngineJob, type EngineResult, type EngineSink, type JobOutcome, type StopDecision } from "../scheduler/engine";
import { fullJitter, type Random } from "../scheduler/random";
import type { Settings } from "../settings";
import type { PlannedJob, Shot, ShotInput } from "../types";
import { defaultLinkResolver, resolveReference, type ReferenceContext } from "./references";
import { RunLog } from "./runlog";
import { scanTarget } from "./scan";
import { allocateTakes, type TakeAction } from "./takes";

export type RunMode = "generate" | "dry-run" | "resume" | "regenerate";

/** Run-only overrides from the run dialog or CLI flags: they win over shots and notes. */
export type ShotOverrides = Partial<Pick<ShotInput, "duration" | "orientation" | "size" | "pro" | "provider" | "model" | "takes">>;

export interface RunOptions {
	/** Vault path of a note, a storyboard JSON file or a folder ("" = the whole vault). */
	target: string;
	mode: RunMode;
	/** For "regenerate": the shot that gets one more take. */
	regenerate?: { notePath: string; shotId: string };
	/** Only these jobs (the run dialog's range / note filter). Called with the plan's ready jobs. */
	select?: (job: PlannedJob) => boolean;
	overrides?: ShotOverrides;
	settings: Settings;
	vault: VaultPort;
	http: HttpPort;
	clock: Clock;
	secrets: SecretsPort;
	progress?: ProgressPort;
	random?: Random;
	/** Builds the embed line for a video (`![[…]]` or `![](…)`), honouring the user's link style. */
	embedLine(videoPath: string, notePath: string): string;
	/** Resolves `[[links]]` (the plugin uses the metadata cache). Defaults to a vault search. */
	resolveLink?: (link: string, notePath: string) => Promise<string | null>;
	/** Uploader for URL-only providers' reference images. */
	upload?: (bytes: Uint8Array, mime: string, name: string) => Promise<string>;
	/** Message for a provider without a key, e.g. "set SORAHK_API_KEY". */
	missingKey(provider: string, label: string): string;
	/** Check free disk space before a batch (desktop / CLI). */
	checkDisk?: boolean;
	/** Stop submitting; submitted jobs finish. */
	signal?: AbortSignal;
	/** Stop everything now; the journal keeps submitted tasks for resume. */
	abandonSignal?: AbortSignal;
	runId?: string;
	/** Scheduler tuning for tests and the demo (e.g. shorter first polls). */
	engineTuning?: Parameters<typeof runEngine>[2]["tuning"];
	/** Extra secrets to redact (e.g. an uploader's key). */
	extraSecrets?: string[];
	/**
	 * Builds a job's reference before it is submitted when the shot needs more than
	 * one image read from the vault (a stitched multi-reference matrix, a generated
	 * keyframe). Returns undefined to fall back to the shot's single `image`.
	 */
	prepareReference?: (req: PrepareReferenceRequest) => Promise<ReferenceInput | undefined>;
}

export interface PrepareReferenceRequest {
	job: PlannedJob;
	/** The shot after default merging (all references, characters, keyframe fields). */
	shot: Shot | undefined;
	spec: ModelSpec;
	refCtx: ReferenceContext;
	redact: Redactor;
	signal?: AbortSignal;
}

export interface RunReport {
	runId: string;
	plan: Plan;
	summary: SummaryEvent;
	outcomes: Map<string, JobOutcome | { kind: "skipped" | "invalid" | "reported"; message?: string }>;
	stopped: StopReason | null;
	stopMessage: string | null;
	/** Jobs as they were run (take numbers after journal allocation). */
	work: WorkItem[];
	warnings: string[];
	engineStats: EngineResult["stats"][];
}

export interface WorkItem {
	job: PlannedJob;
	action: TakeAction | { kind: "invalid"; message: string };
}

const AVG_BYTES_PER_SECOND = 1_100_000;

function applyOverrides(notes: ParsedNote[], o: ShotOverrides | undefined): void {
	if (!o) return;
	const entries = Object.entries(o).filter(([, v]) => v !== undefined);
	if (!entries.length) return;
	for (const n of notes) {
		for (const s of n.shots) {
			if (!s.ok) continue;
			for (const [k, v] of entries) (s.input as Record<string, unknown>)[k] = v;
			if (o.provider && !o.model) delete s.input.model;
			if (o.size) delete s.input.orientation;
			if (o.orientation && !o.size) delete s.input.size;
		}
	}
}

function withTake(job: PlannedJob, take: number): PlannedJob {
	if (take === job.take) return job;
	return { ...job, take, key: `${job.notePath}::${job.shotId}::${take}`, outputPath: outputPathFor(job.outputFolder, job.shotId, take) };
}

/** Where each shot's fence is, by id, in the note's current text. */
function blocksOf(path: string, text: string): BlockPos[] {
	const parsed = parseMarkdown(path, text);
	const out: BlockPos[] = [];
	for (const s of parsed.shots) {
		const id = s.ok ? s.id : s.id;
		if (!id) continue;
		out.push({ id, startOffset: s.source.startOffset, endOffset: s.source.endOffset, index: s.index });
	}
	return out;
}

/** The neutral controls of a planned job; references are resolved just before the create. */
function jobInput(j: PlannedJob): VideoJobInput {
	const input: VideoJobInput = { model: j.model, prompt: j.prompt, duration: j.duration, orientation: j.orientation, size: j.size, pro: j.pro, resolution: j.resolution, aspect: j.aspect };
	if (j.negativePrompt !== undefined) input.negativePrompt = j.negativePrompt;
	if (j.seed !== undefined) input.seed = j.seed;
	if (j.audio !== undefined) input.audio = j.audio;
	return input;
}

export async function runGeneration(opts: RunOptions): Promise<RunReport> {
	const { vault, clock, settings } = opts;
	const runId = opts.runId ?? `run-${new Date(clock.now()).toISOString().replace(/[:.]/g, "-")}`;
	const random = opts.random ?? Math.random;
	const keys = new Map<string, string | null>();
	const keyFor = (provider: string): string | null => {
		if (!keys.has(provider)) keys.set(provider, opts.secrets.getKey(provider));
		return keys.get(provider) ?? null;
	};
	// Redact every key we might use, from the first event on.
	const allKeys = [...(opts.extraSecrets ?? [])];
	let redact: Redactor = createRedactor(allKeys);
	const warnings: string[] = [];

	// 1. Notes → plan.
	const scan = await scanTarget(vault, opts.target, settings, opts.resolveLink);
	applyOverrides(scan.notes, opts.overrides);
	const plan = planJobs(scan.notes, settings, new Map());
	for (const p of new Set(plan.jobs.map((j) => j.provider))) {
		const k = keyFor(p);
		if (k) allKeys.push(k, opts.secrets.getSecondKey?.(p) ?? "");
	}
	redact = createRedactor(allKeys);
	const runLog = new RunLog(vault, scan.folders, redact);
	const outcomes: RunReport["outcomes"] = new Map();
	const counters = { submitted: 0, resumed: 0, accepted: new Map<string, number>(), costSubmitted: 0, costUnknown: 0 };

	const emit = (e: RunEvent) => {
		const safe = e.type === "job" && e.message ? { ...e, message: redact(e.message) } : e;
		if (safe.type !== "request") runLog.add(safe, runId);
		else if (safe.status === "error" || (typeof safe.status === "number" && safe.status >= 400)) runLog.add(safe, runId);
		opts.progress?.emit(safe);
	};
	const jobEvent = (job: PlannedJob, state: JobEvent["state"], extra: Partial<JobEvent> = {}) =>
		emit({ type: "job", at: clock.now(), key: job.key, notePath: job.notePath, shotId: job.shotId, take: job.take, state, ...extra });
	for (const w of scan.removedTmp) warnings.push(`removed ${w}, left by an interrupted run`);

	// 2. Journals and takes.
	const journals = new Map<string, Journal | JournalError>();
	const journalFor = async (job: PlannedJob): Promise<Journal | JournalError> => {
		let j = journals.get(job.outputFolder);
		if (!j) {
			try {
				j = await Journal.open(vault, job.outputFolder, job.notePath);
			} catch (err) {
				j = err instanceof JournalError ? err : new JournalError(String(err));
			}
			journals.set(job.outputFolder, j);
		}
		return j;
	};
	const work: WorkItem[] = [];
	const byShot = new Map<string, PlannedJob[]>();
	for (const job of plan.jobs) {
		if (job.status === "invalid") {
			work.push({ job, action: { kind: "invalid", message: job.reason ?? "invalid" } });
			continue;
		}
		const k = `${job.notePath}::${job.shotId}`;
		const list = byShot.get(k) ?? [];
		list.push(job);
		byShot.set(k, list);
	}
	for (const [, jobs] of byShot) {
		const first = jobs[0] as PlannedJob;
		const journal = await journalFor(first);
		if (journal instanceof JournalError) {
			for (const job of jobs) work.push({ job, action: { kind: "invalid", message: journal.message } });
			continue;
		}
		const present = new Set<number>();
		const prefix = first.outputPath.replace(/\.mp4$/, "");
		for (const [path, size] of scan.existing) {
			if (size <= 0 || !path.startsWith(first.outputFolder + "/")) continue;
			if (path === first.outputPath || path === first.outputPath.replace(/\.mp4$/, ".webm")) present.add(1);
			const m = path.startsWith(prefix + ".take") ? /\.take(\d+)\.(?:mp4|webm)$/.exec(path) : null;
			if (m) present.add(Number(m[1]));
		}
		const regen = opts.mode === "regenerate" && opts.regenerate?.notePath === first.notePath && opts.regenerate.shotId === first.shotId;
		const slots = allocateTakes({
			wanted: jobs.length,
			promptHash: first.promptHash,
			entries: journal.entriesFor(first.shotId),
			filesPresent: present,
			extra: regen ? 1 : undefined,
		});
		for (const slot of slots) {
			let action: TakeAction = slot.action;
			if (opts.mode === "regenerate" && !regen && action.kind !== "done") action = { kind: "report", status: "failed", message: "not selected" };
			if (opts.mode === "resume" && action.kind === "submit") continue;
			work.push({ job: withTake(first, slot.take), action });
		}
	}
	const selected = (w: WorkItem) => {
		if (opts.mode === "regenerate") return !(w.action.kind === "report" && w.action.message === "not selected");
		return !opts.select || w.action.kind === "invalid" || opts.select(w.job);
	};
	const items = work.filter(selected);

	const ready = items.filter((w) => w.action.kind === "submit" || w.action.kind === "poll" || w.action.kind === "ambiguous");
	const costOf = (items: WorkItem[]) => {
		let cost: number | null = null;
		for (const w of items) if (w.job.cost !== null) cost = (cost ?? 0) + w.job.cost;
		return cost;
	};
	const fresh = items.filter((w) => w.action.kind === "submit");
	emit({
		type: "run-start",
		at: clock.now(),
		runId,
		jobs: items.length,
		ready: ready.length,
		skipped: items.filter((w) => w.action.kind === "done").length,
		invalid: items.filter((w) => w.action.kind === "invalid").length,
		costEstimate: costOf(fresh),
	});
	for (const w of plan.warnings) warnings.push(w);
	for (const w of items) {
		if (w.action.kind === "done") {
			outcomes.set(w.job.key, { kind: "skipped" });
			jobEvent(w.job, "skipped", { outputPath: w.job.outputPath });
		} else if (w.action.kind === "invalid") {
			outcomes.set(w.job.key, { kind: "invalid", message: w.action.message });
			jobEvent(w.job, "invalid", { message: w.action.message });
		} else if (w.action.kind === "report") {
			outcomes.set(w.job.key, { kind: "reported", message: `${w.action.status}: ${w.action.message}` });
			jobEvent(w.job, w.action.status, { message: `${w.action.message} (earlier run; edit the prompt or regenerate the shot to try again)` });
		}
	}

	const summaryOf = (stopped: StopReason | null): SummaryEvent => {
		let succeeded = 0;
		let failed = 0;
		let unknown = 0;
		let skipped = 0;
		let invalid = 0;
		for (const o of outcomes.values()) {
			if (o.kind === "done") succeeded++;
			else if (o.kind === "failed" || o.kind === "expired" || o.kind === "timed-out") failed++;
			else if (o.kind === "unknown") unknown++;
			else if (o.kind === "skipped") skipped++;
			else if (o.kind === "invalid") invalid++;
			else if (o.kind === "reported") {
				if (o.message?.startsWith("unknown")) unknown++;
				else failed++;
			}
		}
		let duplicates = 0;
		for (const n of counters.accepted.values()) if (n > 1) duplicates += n - 1;
		return {
			type: "summary",
			at: clock.now(),
			submitted: counters.submitted,
			succeeded,
			failed,
			skipped,
			resumed: counters.resumed,
			invalid,
			unknown,
			duplicates,
			cost_estimate: counters.submitted === 0 ? 0 : counters.costSubmitted === 0 && counters.costUnknown > 0 ? null : Math.round(counters.costSubmitted * 1e4) / 1e4,
			...(stopped ? { stopped } : {}),
		};
	};

	// Puts the embed of a written video under its shot (no-op when it is there).
	const ensureEmbed = async (job: PlannedJob): Promise<void> => {
		if (!job.notePath.toLowerCase().endsWith(".md")) return;
		const line = opts.embedLine(job.outputPath, job.notePath);
		const folderHint = job.outputFolder.split("/").slice(-2).join("/");
		let problem: string | null = null;
		try {
			await vault.process(job.notePath, (text) => {
				const r = applyEmbed(text, blocksOf(job.notePath, text), { shotId: job.shotId, take: job.take, blockId: job.shotId, line }, embedRecognizer(folderHint));
				problem = r.ok ? null : r.reason;
				return r.ok ? r.text : text;
			});
		} catch (err) {
			problem = err instanceof Error ? err.message : String(err);
		}
		if (problem) {
			const message = `${job.notePath}: the video is at ${job.outputPath} but the embed was not added (${problem})`;
			warnings.push(message);
			emit({ type: "warning", at: clock.now(), message, notePath: job.notePath });
		}
	};
	// A run interrupted between writing a video and patching its note: finish the job.
	if (opts.mode !== "dry-run") for (const w of items) if (w.action.kind === "done") await ensureEmbed(w.job);

	if (opts.mode === "dry-run" || ready.length === 0) {
		const summary = summaryOf(null);
		if (opts.mode !== "dry-run") {
			emit(summary);
			await runLog.flush();
		}
		return { runId, plan, summary, outcomes, stopped: null, stopMessage: null, work: items, warnings, engineStats: [] };
	}

	// 3. Disk space.
	if (opts.checkDisk && vault.freeSpace) {
		const need = fresh.reduce((s, w) => s + w.job.duration * AVG_BYTES_PER_SECOND, 0);
		const free = await vault.freeSpace(ready[0]?.job.outputFolder ?? "");
		if (free !== null && free < need + settings.minFreeBytes) {
			const msg = `Low disk space: about ${(need / 1e9).toFixed(1)} GB of video is expected and ${(free / 1e9).toFixed(1)} GB is free.`;
			warnings.push(msg);
			emit({ type: "warning", at: clock.now(), message: msg });
		}
	}

	const shots = new Map(plan.shots.map((sh) => [`${sh.source.notePath}::${sh.id}`, sh]));

	// 4. One scheduler per provider key.
	let committed = 0;
	const budget = settings.budgetUsd;
	const byProvider = new Map<string, WorkItem[]>();
	for (const w of ready) {
		const list = byProvider.get(w.job.provider) ?? [];
		list.push(w);
		byProvider.set(w.job.provider, list);
	}
	const results: EngineResult[] = [];
	let stopped: StopReason | null = null;
	let stopMessage: string | null = null;
	const flushTimer = { stop: false };
	const flusher = (async () => {
		while (!flushTimer.stop) {
			await clock.sleep(2000).catch(() => undefined);
			await runLog.flush();
		}
	})();

	await Promise.all(
		[...byProvider.entries()].map(async ([provider, list]) => {
			const info = getProviderInfo(provider);
			const apiKey = keyFor(provider);
			if (!info || !apiKey) {
				const message = !info ? `unknown provider ${provider}` : opts.missingKey(provider, info.label);
				for (const w of list) {
					outcomes.set(w.job.key, { kind: "failed", message });
					jobEvent(w.job, "failed", { message });
				}
				return;
			}
			const adapter = getAdapter(provider);
			const baseUrl = (settings.providers[provider]?.baseUrl ?? info.defaultBaseUrl).replace(/\/+$/, "");
			const ctx = { baseUrl, apiKey, secondKey: opts.secrets.getSecondKey?.(provider) ?? undefined, redact, now: clock.now() };
			const refCtx: ReferenceContext = {
				vault,
				resolveLink: opts.resolveLink ?? defaultLinkResolver(vault),
				upload: opts.upload,
				providerLabel: info.label,
			};
			const planned = new Map<string, WorkItem>();
			const specOf = (model: string): ModelSpec | undefined => plan.models[`${provider}/${model}`] ?? getModelSpec(provider, model);
			const jobs: EngineJob[] = list.map((w) => {
				planned.set(w.job.key, w);
				const spec = specOf(w.job.model);
				const scale = spec ? Math.max(1, w.job.duration / spec.defaultDuration) : 1;
				const expectedMs = (spec?.typicalSeconds ?? 300) * 1000 * scale * (w.job.pro ? 2 : 1);
				const longJob = w.job.pro || w.job.duration >= 25;
				const job: EngineJob = {
					key: w.job.key,
					notePath: w.job.notePath,
					shotId: w.job.shotId,
					take: w.job.take,
					input: spec?.family ? { ...jobInput(w.job), family: spec.family } : jobInput(w.job),
					durationKey: `${provider}/${w.job.model}/${w.job.duration}/${w.job.pro ? "pro" : "std"}`,
					expectedMs,
					maxWaitMs: (longJob ? settings.polling.maxWaitProMinutes : settings.polling.maxWaitMinutes) * 60_000,
				};
				if (w.action.kind === "poll") job.resume = { kind: "poll", remoteId: w.action.remoteId };
				if (w.action.kind === "ambiguous") job.resume = { kind: "ambiguous", since: w.action.since };
				return job;
			});

			const journalOf = async (key: string): Promise<Journal> => {
				const j = await journalFor((planned.get(key) as WorkItem).job);
				if (j instanceof JournalError) throw j;
				return j;
			};
			const base = (w: WorkItem) => ({ shotId: w.job.shotId, take: w.job.take, provider, model: w.job.model, promptHash: w.job.promptHash, outputPath: w.job.outputPath });
			const record = async (job: EngineJob, patch: Parameters<Journal["update"]>[2]) => {
				const w = planned.get(job.key) as WorkItem;
				await (await journalOf(job.key)).update(w.job.shotId, w.job.take, patch, base(w));
			};

			const sink: EngineSink = {
				prepare: async (job) => {
					const w = planned.get(job.key) as WorkItem;
					const spec = specOf(w.job.model);
					if (!spec) return job.input;
					let input: VideoJobInput = { ...job.input };
					if (opts.prepareReference) {
						const full = shots.get(`${w.job.notePath}::${w.job.shotId}`);
						// References the model takes natively are sent as they are, not stitched into the matrix.
						const shot = full && w.job.nativeReferences ? { ...full, references: [], ...(spec.caps.firstFrameWithReferences ? {} : { cast: undefined }) } : full;
						const reference = await opts.prepareReference({ job: w.job, shot, spec, refCtx, redact, signal: opts.abandonSignal });
						if (reference) input.reference = reference;
					}
					if (!input.reference && w.job.reference) input.reference = await resolveReference(refCtx, w.job.reference, w.job.notePath, spec);
					if (w.job.lastFrame) input.lastFrame = await resolveReference(refCtx, w.job.lastFrame, w.job.notePath, spec);
					if (w.job.nativeReferences) {
						const refs: ReferenceInput[] = [];
						for (const r of w.job.nativeReferences) refs.push(await resolveReference(refCtx, r, w.job.notePath, spec));
						input.references = refs;
					}
					return input;
				},
				allowSubmit: (job): StopDecision => {
					if (budget === null) return null;
					const w = planned.get(job.key) as WorkItem;
					if (w.job.cost === null) return { reason: "budget", message: `Stopped before ${w.job.notePath} ${w.job.shotId}: its price is unknown, so the budget of $${budget.toFixed(2)} cannot be guaranteed. Set a price for ${provider}/${w.job.model} in settings.` };
					if (committed + w.job.cost > budget + 1e-9) {
						return { reason: "budget", message: `Budget of $${budget.toFixed(2)} reached: $${committed.toFixed(2)} estimated so far; the next shot would cost $${w.job.cost.toFixed(2)}. No more shots are submitted.` };
					}
					committed += w.job.cost;
					return null;
				},
				submitting: async (job) => {
					const w = planned.get(job.key) as WorkItem;
					const prev = (await journalOf(job.key)).get(w.job.shotId, w.job.take);
					await record(job, { status: "submitting", attempts: (prev?.attempts ?? 0) + 1, submittedAt: clock.now(), updatedAt: clock.now() });
				},
				submitted: async (job, remoteId, requestId) => {
					const w = planned.get(job.key) as WorkItem;
					const prev = (await journalOf(job.key)).get(w.job.shotId, w.job.take);
					counters.accepted.set(job.key, (counters.accepted.get(job.key) ?? 0) + 1);
					counters.submitted++;
					if (w.job.cost === null) counters.costUnknown++;
					else counters.costSubmitted += w.job.cost;
					await record(job, { status: "submitted", remoteId, requestIds: [...(prev?.requestIds ?? []), ...(requestId ? [requestId] : [])], error: undefined, updatedAt: clock.now() });
				},
				unknown: async (job, message) => {
					await record(job, { status: "unknown", error: message, updatedAt: clock.now() });
				},
				failed: async (job, failure: Failure, remoteId) => {
					// Never sent (its reference image could not be prepared): nothing was paid, so
					// nothing is journaled and the next run tries the take again.
					const w = planned.get(job.key) as WorkItem;
					if (!remoteId && !(await journalOf(job.key)).get(w.job.shotId, w.job.take)) return;
					await record(job, { status: "failed", error: failure.message, ...(remoteId ? { remoteId } : {}), updatedAt: clock.now() });
				},
				timedOut: async (job, remoteId, message) => {
					await record(job, { status: "timed-out", remoteId, error: message, updatedAt: clock.now() });
				},
				deliver: (job, remoteId, download, ctl) => deliver(planned.get(job.key) as WorkItem, job, remoteId, download, ctl),
				warn: (message) => {
					warnings.push(message);
					emit({ type: "warning", at: clock.now(), message });
				},
			};

			const deliver = async (w: WorkItem, job: EngineJob, remoteId: string, first: DownloadRequest, ctl: DeliverControl): Promise<DeliverResult> => {
				await record(job, { status: "succeeded", remoteId, videoUrl: first.url, urlExpiresAt: first.expiresAt, updatedAt: clock.now() });
				let dl = first;
				let refreshed = 0;
				let bytes: Uint8Array | null = null;
				let lastError = "";
				for (let attempt = 0; attempt < 8 && !bytes; attempt++) {
					const r = await downloadVideo(opts.http, dl, { maxBytes: settings.maxDownloadBytes, timeoutMs: 15 * 60_000, redact, now: clock.now(), signal: ctl.signal });
					if (r.ok) {
						bytes = r.bytes;
						break;
					}
					lastError = r.message;
					if (r.kind === "fatal") {
						await record(job, { status: "failed", error: `download: ${r.message}`, updatedAt: clock.now() });
						return { ok: false, kind: "failed", message: `download: ${r.message} (remote task ${remoteId}; not generated again)` };
					}
					if (r.kind === "expired") {
						const fresh = refreshed < 2 ? await ctl.refresh() : null;
						if (!fresh) {
							const message = `the download link expired and the provider no longer offers the video (remote task ${remoteId})`;
							await record(job, { status: "expired", error: message, updatedAt: clock.now() });
							return { ok: false, kind: "expired", message };
						}
						refreshed++;
						dl = fresh;
						continue;
					}
					await clock.sleep(fullJitter(random, attempt + 1, 1000, 30_000), ctl.signal);
				}
				if (!bytes) {
					// Keep "succeeded": the next run polls the task again and retries the download only.
					const message = `download failed 8 times (${lastError}); run again to retry the download — the video is not generated again`;
					await record(job, { status: "succeeded", error: message, updatedAt: clock.now() });
					return { ok: false, kind: "failed", message };
				}
				const path = w.job.outputPath;
				const tmp = `${path}.tmp`;
				await vault.ensureFolder(w.job.outputFolder);
				const existing = await vault.stat(path);
				if (!existing || existing.size === 0) {
					await vault.writeBinary(tmp, bytes);
					const st = await vault.stat(tmp);
					if (!st || st.size !== bytes.length) {
						await vault.remove(tmp);
						const message = `writing ${path} failed: ${st?.size ?? 0} of ${bytes.length} bytes written`;
						await record(job, { status: "succeeded", error: message, updatedAt: clock.now() });
						return { ok: false, kind: "failed", message };
					}
					await vault.rename(tmp, path);
				}
				await record(job, { status: "done", error: undefined, updatedAt: clock.now() });
				await ensureEmbed(w.job);
				return { ok: true, outputPath: path };
			};

			for (const j of jobs) if (j.resume) counters.resumed++;
			const res = await runEngine(jobs, sink, {
				provider,
				adapter,
				ctx,
				http: opts.http,
				clock,
				progress: { emit },
				random,
				concurrency: settings.concurrency,
				polling: settings.polling,
				jitter: settings.jitter,
				signal: opts.signal,
				abandonSignal: opts.abandonSignal,
				tuning: opts.engineTuning,
			});
			results.push(res);
			for (const [k, o] of res.outcomes) outcomes.set(k, o);
			if (res.stopped && !stopped) {
				stopped = res.stopped;
				stopMessage = res.stopMessage;
			}
		}),
	);
	flushTimer.stop = true;
	await flusher;
	const summary = summaryOf(stopped);
	emit(summary);
	await runLog.flush();
	return { runId, plan, summary, outcomes, stopped, stopMessage, work: items, warnings, engineStats: results.map((r) => r.stats) };
}
