/**
 * Runs the core's runGeneration with Obsidian adapters, one run at a time, and
 * owns everything a run shows: the live RunState (status bar, queue view, cards)
 * and the notices. Notice policy: one when a run starts, one when it ends (with
 * the counts), and one per problem that needs the user (auth, quota, budget, a
 * missing key) — never one per poll or per job.
 *
 * Heavy objects (HTTP, vault port, clock) are created on first use, not on load.
 */
import {
	createPrepareReference,
	createRedactor,
	createUploader,
	defaultLinkResolver,
	folderOf,
	PathRedirects,
	type PlannedJob,
	redirectedVault,
	runGeneration,
	type RunOptions,
	type RunReport,
	type Settings,
	type ShotOverrides,
	t,
	type UploaderSecrets,
} from "../core";
import { stopHint } from "./key-hint";
import { Notice, Platform, normalizePath, type App } from "obsidian";
import type { RunEvent } from "../ports/events";
import type { ImageCodec } from "../ports/image";
import { createCanvasStitcher } from "./canvas-stitcher";
import { canvasImageCodec } from "./image-codec";
import type { Clock } from "../ports/clock";
import type { HttpPort } from "../ports/http";
import type { RunLockPort } from "../ports/lock";
import type { VaultPort } from "../ports/vault";
import { PluginClock } from "./clock";
import { systemRandom } from "../clocks/random";
import type { Random } from "../ports/random";
import { createObsidianHttp } from "./http";
import { VideoElementFrames } from "./frames";
import { embedLineFor } from "./links";
import { FAILED, RunState, type RunMode } from "./run-state";
import { missingKeyMessage, obsidianSecrets, readSecret } from "./settings-store";
import { ObsidianRunLocks } from "./lock";
import { ObsidianVaultPort, readOnlyVault } from "./vault-port";
import { commonFolder, findUnfinished, type Unfinished } from "./unfinished";
import { endNoticeText, startNoticeText } from "./run-notices";
import { joinSentences } from "./text";

/** What the service needs from the plugin (keeps this module testable and free of main.ts). */
export interface RunHost {
	app: App;
	settings(): Settings;
	/** Registers a cleanup with the plugin (timers, listeners). */
	register(cb: () => unknown): void;
}

export interface RunRequest {
	/** Note or folder path ("" = whole vault). */
	target: string;
	mode: RunMode;
	overrides?: ShotOverrides;
	/** The run's fields win over the shots' and notes' own (default: they fill only what those leave unset). */
	override?: boolean;
	select?: (job: PlannedJob) => boolean;
	regenerate?: { notePath: string; shotId: string };
	/** The user chose to send again the takes an earlier run left "unknown". */
	resubmitUnknown?: boolean;
	/** Starting concurrency for this run only. */
	concurrency?: number;
}

export interface RunDeps {
	clock: Clock;
	http: HttpPort;
	vault: VaultPort;
	/** The run lock of each output folder (shared with the CLI); default: ObsidianRunLocks. */
	locks?: RunLockPort;
	/** Scheduler tuning (tests). */
	engineTuning?: RunOptions["engineTuning"];
	random: Random;
	/** Image decode/encode; default: the canvas codec. Plugin tests in Node inject the CLI's (jpeg-js, fast-png). */
	codec?: ImageCodec;
}

export { commonFolder, type Unfinished } from "./unfinished";

export class RunService {
	/** The current run, or the last one (kept for the queue view until the next run). */
	current: RunState | null = null;
	private active: { cancel: AbortController; abandon: AbortController; done: Promise<RunReport | null> } | null = null;
	/** Jobs the user cancelled one by one in this run (never sent; the rest of the run goes on). */
	private readonly excluded = new Set<string>();
	private disposed = false;
	private deps: RunDeps | null = null;
	private readonly overrides: Partial<RunDeps>;
	private readonly changeListeners = new Set<(state: RunState | null) => void>();
	private readonly eventListeners = new Set<(e: RunEvent, state: RunState) => void>();
	private noticed = new Set<string>();
	/** Paths renamed while the current run works (rename.ts): it reads and writes them at their new place. */
	private renamed = new PathRedirects();

	constructor(
		private readonly host: RunHost,
		overrides: Partial<RunDeps> = {},
	) {
		this.overrides = overrides;
	}

	get app(): App {
		return this.host.app;
	}

	get running(): boolean {
		return this.active !== null;
	}

	/** A note or folder was renamed: the run in progress (if any) follows it. */
	moved(from: string, to: string): void {
		if (this.active) this.renamed.add(normalizePath(from), normalizePath(to));
	}

	get cancelling(): boolean {
		return this.active?.cancel.signal.aborted ?? false;
	}

	/** Adapters, created on first use. */
	private ports(): RunDeps {
		if (!this.deps) {
			let clock = this.overrides.clock;
			if (!clock) {
				const real = new PluginClock();
				this.host.register(() => real.dispose());
				clock = real;
			}
			const vault = this.overrides.vault ?? new ObsidianVaultPort(this.app);
			this.deps = {
				clock,
				http: this.overrides.http ?? createObsidianHttp(),
				vault,
				// On the run's clock: the plugin's real clock (a test's virtual one drives both alike).
				locks: this.overrides.locks ?? new ObsidianRunLocks(this.app, vault, clock),
				engineTuning: this.overrides.engineTuning,
				// Backoff jitter from Web Crypto; tests pass a seeded source.
				random: this.overrides.random ?? systemRandom(),
				codec: this.overrides.codec,
			};
		}
		return this.deps;
	}

	/** Called when a run starts or finishes. */
	onChange(fn: (state: RunState | null) => void): () => void {
		this.changeListeners.add(fn);
		return () => this.changeListeners.delete(fn);
	}

	/** Every event of every run. */
	onEvent(fn: (e: RunEvent, state: RunState) => void): () => void {
		this.eventListeners.add(fn);
		return () => this.eventListeners.delete(fn);
	}

	private changed(): void {
		for (const fn of [...this.changeListeners]) fn(this.current);
	}

	private options(req: RunRequest, settings: Settings): Omit<RunOptions, "progress"> {
		const d = { ...this.ports() };
		d.vault = redirectedVault(d.vault, this.renamed);
		const embedLine = (path: string, note: string) => embedLineFor(this.app, settings.linkStyle, path, note);
		// Keys for reference images and keyframes, from secret storage, read per run.
		const upSecrets: UploaderSecrets = {
			token: readSecret(this.app, settings.uploader.tokenSecret),
			accessKeyId: readSecret(this.app, settings.uploader.s3AccessKeySecret),
			secretAccessKey: readSecret(this.app, settings.uploader.s3SecretKeySecret),
		};
		const gemini = readSecret(this.app, settings.keyframes.secretName);
		const extraSecrets = [upSecrets.token, upSecrets.secretAccessKey, gemini].filter((x): x is string => !!x);
		// Incomplete uploader settings throw here (UploadError), before anything is sent.
		const fallback = defaultLinkResolver(d.vault);
		const upload = createUploader(settings.uploader, { http: d.http, now: () => d.clock.now(), redact: createRedactor(extraSecrets), secrets: upSecrets });
		const opts: Omit<RunOptions, "progress"> = {
			target: req.target,
			mode: req.mode,
			overrides: req.overrides,
			override: req.override,
			select: req.select,
			regenerate: req.regenerate,
			resubmitUnknown: req.resubmitUnknown,
			// Obsidian's own answer for where this note's attachments go (any plugin that changes it included).
			attachmentFolder: async (notePath) => folderOf(normalizePath(await this.app.fileManager.getAvailablePathForAttachment("cineflow.mp4", notePath))),
			settings,
			vault: d.vault,
			http: d.http,
			clock: d.clock,
			random: d.random,
			secrets: obsidianSecrets(this.app, () => settings),
			embedLine,
			// Obsidian's own link resolution first (shortest-path links), then a path search.
			resolveLink: async (link, notePath) =>
				this.app.metadataCache.getFirstLinkpathDest(link.replace(/^!?\[\[|\]\]$/g, "").split("|")[0] ?? "", notePath)?.path ?? fallback(link, notePath),
			missingKey: (id, label) => missingKeyMessage(id, label),
			engineTuning: d.engineTuning,
			// A note another run (a CLI, another window) is working on is left to it and reported.
			locks: d.locks,
			lockWait: "skip",
			upload,
			extraSecrets,
			frames: new VideoElementFrames(this.app), // chained shots: the last frame of the shot before
			prepareReference: createPrepareReference({
				vault: d.vault,
				http: d.http,
				clock: d.clock,
				settings,
				embedLine,
				geminiKey: () => gemini,
				codec: d.codec ?? canvasImageCodec(),
				// The canvas draws the matrix itself; an injected codec stitches with the core's raster code.
				stitcher: d.codec ? undefined : createCanvasStitcher(),
			}),
		};
		return opts;
	}

	private settingsFor(req: RunRequest): Settings {
		const s = structuredClone(this.host.settings());
		if (req.concurrency !== undefined) {
			s.concurrency.initial = req.concurrency;
			if (s.concurrency.max < req.concurrency) s.concurrency.max = req.concurrency;
		}
		return s;
	}

	/**
	 * Plans without spending or changing anything: no network, and the vault is
	 * read-only (a scan would otherwise clear `.tmp` files a running job is writing).
	 */
	async dryRun(req: Omit<RunRequest, "mode">): Promise<RunReport> {
		const opts = this.options({ ...req, mode: "dry-run" }, this.settingsFor({ ...req, mode: "dry-run" }));
		return runGeneration({ ...opts, vault: readOnlyVault(opts.vault) });
	}

	private notice(key: string | null, text: string, timeout?: number): void {
		if (key !== null) {
			if (this.noticed.has(key)) return;
			this.noticed.add(key);
		}
		new Notice(text, timeout);
	}

	/**
	 * Runs generation. Resolves with the last report, or null when another run is
	 * in progress (the user is told).
	 */
	async run(req: RunRequest): Promise<RunReport | null> {
		if (this.disposed) return null;
		if (this.active) {
			this.notice(null, t("plugin.run.alreadyRunning"));
			return null;
		}
		const cancel = new AbortController();
		const abandon = new AbortController();
		let resolveDone!: (r: RunReport | null) => void;
		const done = new Promise<RunReport | null>((r) => (resolveDone = r));
		this.active = { cancel, abandon, done };
		this.renamed = new PathRedirects();
		this.excluded.clear();
		this.noticed = new Set();
		const d = this.ports();
		const state = new RunState(req.target, req.mode, () => d.clock.now());
		state.budgetUsd = this.host.settings().budgetUsd;
		this.current = state;
		const unsub = state.subscribe((e) => this.onRunEvent(e, state));
		this.changed();
		let report: RunReport | null = null;
		let error: unknown = null;
		try {
			const settings = this.settingsFor(req);
			const withdrawn = (key: string) => this.excluded.has(key);
			report = await runGeneration({ ...this.options(req, settings), progress: state, signal: cancel.signal, abandonSignal: abandon.signal, withdrawn });
			for (const n of report.plan.notes) state.logFolders.add(n.outputFolder);
		} catch (err) {
			error = err;
		} finally {
			unsub();
			this.active = null;
			resolveDone(report);
		}
		if (!this.disposed) {
			if (error)
				this.notice(null, error instanceof Error ? t("plugin.run.stoppedWithError", { error: error.message }) : t("plugin.run.stoppedUnknown"), 0);
			else this.endNotice(state);
		}
		this.changed();
		return report;
	}

	private onRunEvent(e: RunEvent, state: RunState): void {
		if (e.type === "run-start" && !this.noticed.has("start")) {
			if (e.ready === 0) {
				this.noticed.add("start");
			} else {
				this.notice("start", startNoticeText(e, state, Platform.isMobile));
			}
		} else if (e.type === "stop" && e.cause === "missing-key") {
			// Nothing was sent: the message names where the key goes.
			this.notice(`missing-key-${e.provider ?? ""}`, e.message, 0);
		} else if (e.type === "stop" && (e.reason === "auth" || e.reason === "quota" || e.reason === "retired" || e.reason === "budget")) {
			const hint = stopHint(e);
			this.notice(`stop-${e.reason}`, joinSentences([t("plugin.run.needsYou", { message: e.message }), hint ?? ""]), 0);
		} else if (e.type === "job" && FAILED.has(e.state) && e.reason === "missing-key") {
			this.notice("missing-key", e.message ?? t("plugin.run.missingKey"), 0);
		}
		for (const fn of [...this.eventListeners]) fn(e, state);
	}

	private endNotice(state: RunState): void {
		if (state.mode !== "dry-run") this.notice("end", endNoticeText(state, Platform.isMobile));
	}

	/**
	 * First call: stop submitting (submitted shots finish and are saved). Second
	 * call: stop now; submitted shots stay in the journal for "Resume".
	 */
	cancelAll(): void {
		const a = this.active;
		if (!a) return;
		if (!a.cancel.signal.aborted) {
			a.cancel.abort();
			new Notice(t("plugin.run.cancelFirst"));
		} else if (!a.abandon.signal.aborted) {
			a.abandon.abort();
			new Notice(t("plugin.run.cancelSecond"));
		}
	}

	/**
	 * Cancels one job that has not been submitted yet: it is never sent, and
	 * nothing else changes (the other jobs go on; "Cancel all" stays a first-step
	 * cancel). A job that was submitted cannot be cancelled (the provider is
	 * already working on it and it is paid for); false is returned.
	 */
	cancelJob(key: string): boolean {
		const a = this.active;
		const row = this.current?.jobs.get(key);
		if (!a || !row || a.cancel.signal.aborted) return false;
		if (row.state !== "pending") return false;
		this.excluded.add(key);
		row.state = "cancelled";
		row.message = t("plugin.cancelledByYou");
		row.cancelledByUser = true;
		this.current?.touch(key);
		return true;
	}

	/** Waits for the active run (tests, unload). */
	async idle(): Promise<void> {
		await this.active?.done;
	}

	/** Journal entries that were submitted and never finished, across the vault's output folders. */
	findUnfinished(): Promise<Unfinished> {
		return findUnfinished(this.app, this.host.settings());
	}

	/** Polls and collects what the journals say was submitted; submits nothing new. */
	async resume(found?: Unfinished): Promise<RunReport | null> {
		const u = found ?? (await this.findUnfinished());
		if (!u.count) {
			new Notice(t("plugin.resume.none"));
			return null;
		}
		const target = u.notes.length === 1 ? (u.notes[0] as string) : commonFolder(u.notes);
		return this.run({ target, mode: "resume" });
	}

	/** Unload: stop everything now; the journal keeps what was submitted. */
	dispose(): void {
		this.disposed = true;
		this.active?.cancel.abort();
		this.active?.abandon.abort();
		this.changeListeners.clear();
		this.eventListeners.clear();
	}
}
