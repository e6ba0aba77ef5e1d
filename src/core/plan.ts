/**
 * The plan: one job per take of every shot, with its final prompt, output path,
 * status and estimated cost. Pure and deterministic (notes are taken in path order).
 */
import { linkChains, type ChainEdge, type ExternalUpstreams } from "./chains";
import { jobCost, priceFor } from "./cost";
import { sha256Hex } from "./hash";
import type { CharacterEntry } from "./parse/characters";
import { t } from "./i18n";
import { located, where, type Issue } from "./parse/errors";
import type { ParsedNote, ShotResult } from "./parse/model";
import { resolveShot } from "./parse/resolve";
import { outputFolderFor, outputPathFor } from "./paths";
import { buildPrompt, compileInjector, promptWarningText, type Injector } from "./prompt";
import { planSheets, sheetWarning } from "./run/sheets";
import type { ModelSpec, PriceSpec } from "./providers/types";
import type { Settings } from "./settings";
import type { PlannedJob, Shot } from "./types";

export interface PlanNote {
	path: string;
	kind: "markdown" | "json";
	outputFolder: string;
	shots: number;
	invalidShots: number;
	issues: Issue[];
}

export interface PlanTotals {
	shots: number;
	jobs: number;
	ready: number;
	skipped: number;
	invalid: number;
	/** Seconds of video of the ready jobs. */
	seconds: number;
	/** Sum of the known estimates of the ready jobs; null when none of them has a known price. */
	cost: number | null;
	/** Ready jobs whose price is unknown (not counted in `cost`). */
	unknownCost: number;
}

export interface Plan {
	jobs: PlannedJob[];
	/**
	 * Every valid shot after default merging (same order as the jobs), for features
	 * that need more than a job carries: all references, characters, keyframes.
	 */
	shots: Shot[];
	notes: PlanNote[];
	totals: PlanTotals;
	/** Every warning (note-level and per shot), full messages. */
	warnings: string[];
	/** Note-level errors (each also blocks that note's shots). */
	errors: string[];
	/** `provider/model: source` for every price used by a ready or skipped job. */
	priceSources: string[];
	/** The model of every valid shot, by `provider/model` (catalog entries and declarations). */
	models: Record<string, ModelSpec>;
	/** Chained shots and what each waits on (chains.ts); the jobs carry `after`. */
	chains: ChainEdge[];
}

interface Ctx {
	settings: Settings;
	existing: ReadonlyMap<string, number>;
	prices: Map<string, PriceSpec>;
	plan: Plan;
	taken: Map<string, string>;
}

function price(ctx: Ctx, provider: string, model: string, spec?: ModelSpec): PriceSpec {
	const key = `${provider}/${model}`;
	let p = ctx.prices.get(key);
	if (!p) {
		p = priceFor(ctx.settings, provider, model, spec);
		ctx.prices.set(key, p);
	}
	return p;
}

function injectorFor(base: CharacterEntry[], ids: Record<string, string> | undefined, cache: Map<string, Injector>): Injector {
	const key = ids ? JSON.stringify(ids) : "";
	let inj = cache.get(key);
	if (!inj) {
		const extra = Object.entries(ids ?? {}).map(([name, id]) => ({ name, id, aliases: [] as string[] }));
		const names = new Set(extra.map((e) => e.name));
		inj = compileInjector([...base.filter((c) => !names.has(c.name) || !c.id), ...extra]);
		cache.set(key, inj);
	}
	return inj;
}

function invalidJob(ctx: Ctx, note: ParsedNote, folder: string, r: ShotResult, reason: string, partial?: Partial<PlannedJob>): PlannedJob {
	const shotId = r.ok ? r.id : r.label;
	return {
		key: `${note.path}::${shotId}::1`,
		notePath: note.path,
		shotId,
		take: 1,
		line: r.source.line,
		provider: partial?.provider ?? ctx.settings.provider,
		model: partial?.model ?? "",
		prompt: "",
		promptHash: "",
		duration: partial?.duration ?? 0,
		orientation: partial?.orientation ?? ctx.settings.defaults.orientation,
		size: partial?.size ?? "",
		pro: partial?.pro ?? false,
		resolution: partial?.resolution ?? "720p",
		aspect: partial?.aspect ?? "16:9",
		outputFolder: folder,
		outputPath: outputPathFor(folder, shotId, 1),
		status: "invalid",
		reason,
		cost: null,
		warnings: [...r.warnings],
	};
}

/** The jobs of one shot; `valid` is false when the shot itself is invalid. */
function planShot(ctx: Ctx, note: ParsedNote, folder: string, r: ShotResult, injectors: Map<string, Injector>): { jobs: PlannedJob[]; valid: boolean } {
	ctx.plan.warnings.push(...r.warnings);
	if (!r.ok) return { jobs: [invalidJob(ctx, note, folder, r, r.error)], valid: false };
	const res = resolveShot(r, note.frontmatter, ctx.settings);
	if (!res.ok) return { jobs: [invalidJob(ctx, note, folder, r, res.error, res.partial)], valid: false };
	const shot = res.shot;
	ctx.plan.shots.push(shot);
	ctx.plan.models[`${shot.provider}/${shot.model}`] ??= res.spec;
	const inj = injectorFor(note.frontmatter.characters, r.input.characterIds, injectors);
	const built = buildPrompt({ text: shot.prompt, scene: shot.scene, props: shot.props, note: shot.note }, inj, ctx.settings.plainNameInjection);
	const at = where(note.path, shot.source.line, shot.id);
	const promptWarnings = built.warnings.map((w) => located(at, promptWarningText(w)));
	const warnings = [...r.warnings, ...res.warnings, ...promptWarnings];
	ctx.plan.warnings.push(...res.warnings, ...promptWarnings);
	// The cast's reference sheets: how they travel to this model (run/sheets.ts).
	const sheets = planSheets(shot, res.spec, res.nativeReferences?.length ?? 0);
	const sheetWarn = sheets && sheetWarning(sheets, { notePath: note.path, line: shot.source.line, shotId: shot.id }, `${shot.provider}/${shot.model}`);
	if (sheetWarn) {
		warnings.push(sheetWarn);
		ctx.plan.warnings.push(sheetWarn);
	}
	const promptHash = sha256Hex(built.prompt);
	const cost = jobCost(price(ctx, shot.provider, shot.model, res.spec), shot.duration, shot.pro, shot.resolution);
	// A shot without `id:` gets its storage id after planning, from the journal (run/identity.ts).
	const idGiven = r.idGiven !== false;
	// promptKey: the prompt as written (run/identity.ts `promptKeyOf` finds the block again by it).
	const anchor = { id: shot.id, idGiven, promptKey: sha256Hex(r.input.prompt ?? ""), index: r.index };
	const jobs: PlannedJob[] = [];
	for (let take = 1; take <= shot.takes; take++) {
		const outputPath = outputPathFor(folder, shot.id, take);
		const key = `${note.path}::${shot.id}::${take}`;
		const job: PlannedJob = {
			key,
			notePath: note.path,
			shotId: shot.id,
			take,
			line: shot.source.line,
			provider: shot.provider,
			model: shot.model,
			prompt: built.prompt,
			promptHash,
			duration: shot.duration,
			orientation: shot.orientation,
			size: shot.size,
			pro: shot.pro,
			resolution: shot.resolution,
			aspect: shot.aspect,
			outputFolder: folder,
			outputPath,
			status: "ready",
			cost,
			warnings: [...warnings],
			anchor,
		};
		if (built.warnings.length) job.promptWarnings = built.warnings.map((w) => ({ ...w }));
		if (res.reference) job.reference = res.reference;
		if (res.lastFrame) job.lastFrame = res.lastFrame;
		if (res.nativeReferences) job.nativeReferences = res.nativeReferences;
		if (sheets) job.sheets = sheets;
		if (shot.negativePrompt !== undefined) job.negativePrompt = shot.negativePrompt;
		if (shot.seed !== undefined) job.seed = shot.seed;
		if (shot.audio !== undefined) job.audio = shot.audio;
		const life = res.spec.lifecycle;
		if (life.status === "deprecated")
			job.lifecycle = {
				status: "deprecated",
				...(life.shutdown ? { shutdown: life.shutdown } : {}),
				...(life.replacement ? { replacement: life.replacement } : {}),
			};
		const clash = idGiven ? ctx.taken.get(outputPath) : undefined;
		if (clash !== undefined) {
			job.status = "invalid";
			job.reason = located(at, t("parse.plan.outputClash", { path: outputPath, other: clash }));
		} else {
			if (idGiven) ctx.taken.set(outputPath, key);
			if ((ctx.existing.get(outputPath) ?? 0) > 0) {
				job.status = "skipped";
				job.reason = t("parse.plan.exists", { path: outputPath });
			}
		}
		jobs.push(job);
	}
	return { jobs, valid: true };
}

function emptyTotals(): PlanTotals {
	return { shots: 0, jobs: 0, ready: 0, skipped: 0, invalid: 0, seconds: 0, cost: null, unknownCost: 0 };
}

function totalsOf(plan: Plan): PlanTotals {
	const t = emptyTotals();
	t.jobs = plan.jobs.length;
	for (const n of plan.notes) t.shots += n.shots;
	for (const j of plan.jobs) {
		t[j.status]++;
		if (j.status !== "ready") continue;
		t.seconds += j.duration;
		if (j.cost === null) t.unknownCost++;
		else t.cost = Math.round(((t.cost ?? 0) + j.cost) * 1e6) / 1e6;
	}
	if (t.ready === 0) t.cost = 0;
	return t;
}

/**
 * Plans every shot of every note. `existing` maps vault paths to file sizes; `external`:
 * chain upstreams in notes outside the run (run/upstreams.ts).
 */
export function planJobs(notes: readonly ParsedNote[], settings: Settings, existing: ReadonlyMap<string, number>, external?: ExternalUpstreams): Plan {
	const plan: Plan = { jobs: [], shots: [], notes: [], totals: emptyTotals(), warnings: [], errors: [], priceSources: [], models: {}, chains: [] };
	const ctx: Ctx = { settings, existing, prices: new Map(), plan, taken: new Map() };
	const sorted = [...notes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	const sources = new Set<string>();
	const keys = new Set<string>();
	for (const note of sorted) {
		const folder = note.frontmatter.outputFolder ?? outputFolderFor(note.path, note.frontmatter.output ?? settings.outputFolder);
		for (const i of note.issues) (i.severity === "error" ? plan.errors : plan.warnings).push(i.message);
		const injectors = new Map<string, Injector>();
		let invalidShots = 0;
		for (const r of note.shots) {
			const { jobs, valid } = planShot(ctx, note, folder, r, injectors);
			if (!valid) invalidShots++;
			for (const j of jobs) {
				// A duplicate id is an invalid job (parse/note.ts) that must not share the first
				// shot's key: its events and outcome would overwrite that shot's. Never billed.
				if (j.status === "invalid" && keys.has(j.key)) j.key = `${note.path}::${j.shotId}@line${j.line}::${j.take}`;
				keys.add(j.key);
				plan.jobs.push(j);
				if (j.status !== "invalid")
					sources.add(`${j.provider}/${j.model}: ${price(ctx, j.provider, j.model, plan.models[`${j.provider}/${j.model}`]).source}`);
			}
		}
		plan.notes.push({ path: note.path, kind: note.kind, outputFolder: folder, shots: note.shots.length, invalidShots, issues: note.issues });
	}
	plan.chains = linkChains(plan.jobs, plan.shots, external);
	plan.priceSources = [...sources].sort();
	plan.totals = totalsOf(plan);
	return plan;
}

/** The first planned job of each shot, by the shot's 1-based index in its note (shots with an anchor only). */
export function firstJobs(jobs: readonly PlannedJob[]): Map<number, PlannedJob> {
	const out = new Map<number, PlannedJob>();
	for (const j of jobs) {
		const i = j.anchor?.index;
		if (i !== undefined && !out.has(i)) out.set(i, j);
	}
	return out;
}
