/**
 * Running chained shots (issue 17, "Chaining"): a chained take waits for the shot
 * it starts from, then gets that shot's chosen take's last frame as its first frame.
 *
 * How: the ready work is dispatched in ROUNDS by chain depth (plan `chainDepth`):
 * round 0 is every unchained take and every chain's first shot, round 1 the shots
 * right after them, and so on. Independent chains run in parallel (their shots of
 * one depth share a round and its schedulers); each chain runs in order. Why rounds
 * and not holding a job back inside the scheduler: the scheduler (src/core/scheduler)
 * takes its whole job list up front and is owned elsewhere; rounds need nothing from
 * it, and between rounds every upstream video is on disk, so the chosen-take rule
 * (cut/chosen.ts) sees what the user will see. The price: a round waits for its
 * slowest take, so a fast chain can wait on a slow unrelated one at the same depth.
 *
 * Before a chained take is sent: its upstream's chosen take is found; its last frame
 * is grabbed with the FramePort (opts.frames) and saved as
 * `<output folder>/frames/<shot>.png` (reused while the journal says it came from the
 * same take and the same video size); the journal records the source (`frames`), and
 * the take is sent with that PNG as its first frame through the usual reference path.
 * A failed, invalid or expired upstream blocks only its chain, with a message naming
 * the upstream note:line:shot; with no frame port, chained takes stop with a message
 * and are never sent unchained.
 */
import type { TakeChoice } from "../cut/chosen";
import { chosenTake, takeFilesIn } from "../cut/chosen";
import { t } from "../i18n";
import { Journal } from "../journal";
import { where } from "../parse/errors";
import { embedRecognizer, embedsUnder, folderHintOf } from "../patch";
import type { Plan } from "../plan";
import type { PlannedJob } from "../types";
import type { RunContext } from "./context";
import { dispatch, type DispatchResult } from "./dispatch";
import { noteBlocks } from "./identity";
import type { WorkItem } from "./options";

/** Where a chained shot's first frame is kept. */
export function framePathFor(job: Pick<PlannedJob, "outputFolder" | "shotId">): string {
	return `${job.outputFolder}/frames/${job.shotId}.png`;
}

type Blocked = { ok: false; message: string; reason: "chain-blocked" | "no-frames" | "upstream-not-generated" };

function fail(ctx: RunContext, w: WorkItem, b: Blocked): void {
	const message = ctx.redact(b.message);
	ctx.outcomes.set(w.job.key, { kind: "failed", message });
	ctx.jobEvent(w.job, "failed", { message, reason: b.reason });
}

/** The upstream's jobs in this run's plan (found by note and line: storage ids may differ). */
function upstreamJobs(plan: Plan, job: PlannedJob): PlannedJob[] {
	const a = job.after;
	return a ? plan.jobs.filter((j) => j.notePath === a.notePath && j.line === a.line) : [];
}

/** The upstream's chosen take now (the cut's rule: journal choice, embed, lowest finished take). */
async function upstreamChoice(ctx: RunContext, plan: Plan, up: PlannedJob): Promise<{ choice: TakeChoice }> {
	const shot = plan.shots.find((s) => s.source.notePath === up.notePath && s.source.line === up.line);
	const files = await takeFilesIn(ctx.opts.vault, up.outputFolder);
	const j = await ctx.journalFor(up);
	const journal = j instanceof Journal ? j : null;
	let embedded: Array<{ shotId: string; take: number }> = [];
	const kind: "markdown" | "json" = up.notePath.toLowerCase().endsWith(".md") ? "markdown" : "json";
	if (kind === "markdown") {
		const text = await ctx.opts.vault.read(up.notePath);
		if (text !== null) {
			const blocks = noteBlocks(up.notePath, text);
			const b = blocks.find((x) => x.index === shot?.index);
			if (b) embedded = embedsUnder(text, blocks, b, embedRecognizer(folderHintOf(up.outputFolder)));
		}
	}
	const index = shot?.index ?? 1;
	const view = { kind, outputFolder: up.outputFolder, files, shots: [{ index, storageId: up.shotId, embedded }] };
	const choice: TakeChoice = chosenTake(view, journal?.entries() ?? [], journal?.chosenTakes()).get(index) ?? { ok: false, reason: "no-video", takes: [] };
	return { choice };
}

/** The blocked message for an upstream that has no usable video: why it has none. */
function upstreamBlocked(ctx: RunContext, ups: readonly PlannedJob[], at: string, up: string): string {
	for (const u of ups) {
		const o = ctx.outcomes.get(u.key);
		if (o && o.kind !== "done")
			return "message" in o && o.message
				? t("run.chain.upstreamFailedMessage", { at, up, kind: o.kind, message: o.message })
				: t("run.chain.upstreamFailed", { at, up, kind: o.kind });
		if (u.status === "invalid") return t("run.chain.upstreamInvalid", { at, up });
	}
	return t("run.chain.upstreamEmpty", { at, up });
}

function noteName(path: string): string {
	return path.slice(path.lastIndexOf("/") + 1).replace(/\.(md|json)$/i, "");
}

/** Grabs (or reuses) the frame of one chained take; the job to send, or why not. */
async function frameFor(ctx: RunContext, plan: Plan, w: WorkItem): Promise<{ ok: true; job: PlannedJob } | Blocked> {
	const job = w.job;
	const at = where(job.notePath, job.line, job.shotId);
	const ups = upstreamJobs(plan, job);
	const a = job.after!;
	// An upstream in a note outside this run (run/upstreams.ts): its take as the plan found it on disk.
	const ext = ups.length ? undefined : plan.chains.find((c) => c.notePath === job.notePath && c.line === job.line)?.external;
	const up = ups[0] ?? (ext ? { notePath: a.notePath, line: a.line, shotId: a.shotId, duration: ext.duration } : undefined);
	const upAt = where(a.notePath, a.line, up?.shotId ?? a.shotId);
	if (!up) return { ok: false, reason: "chain-blocked", message: t("run.chain.notInRun", { at, up: upAt }) };
	if (ext && !ext.choice.ok)
		return {
			ok: false,
			reason: "upstream-not-generated",
			message:
				ext.choice.reason === "no-video"
					? t("run.chain.upstreamNoVideo", { at, note: noteName(a.notePath), shot: a.shotId, up: upAt })
					: t("run.chain.upstreamNoFrame", { at, note: noteName(a.notePath), shot: a.shotId, up: upAt, reason: ext.choice.reason }),
		};
	const outside = ext ? await ctx.outsideVault(ext.outputFolder) : null;
	if (outside) return { ok: false, reason: "chain-blocked", message: t("run.chain.outsideVault", { at, up: upAt, why: outside }) };
	const frames = ctx.opts.frames;
	if (!frames) return { ok: false, reason: "no-frames", message: t("run.chain.noFrames", { at, up: upAt }) };
	const choice = ext ? ext.choice : (await upstreamChoice(ctx, plan, ups[0]!)).choice;
	if (!choice.ok) return { ok: false, reason: "chain-blocked", message: upstreamBlocked(ctx, ups, at, upAt) };
	const size = (await ctx.opts.vault.stat(choice.path))?.size ?? 0;
	const framePath = framePathFor(job);
	const mine = await ctx.journalFor(job);
	const journal = mine instanceof Journal ? mine : null;
	const known = journal?.frameSource(job.shotId);
	const same =
		known &&
		known.note === up.notePath &&
		known.shotId === choice.storageId &&
		known.take === choice.take &&
		known.size === size &&
		known.frame === framePath;
	if (!same || (await ctx.opts.vault.stat(framePath)) === null) {
		const got = frames.grabLast ? await frames.grabLast(choice.path) : await frames.grab(choice.path, Math.max(0, up.duration - 0.1));
		if (!got.ok)
			return {
				ok: false,
				reason: "chain-blocked",
				message: t(got.detail ? "run.chain.frameUnreadableDetail" : "run.chain.frameUnreadable", {
					at,
					up: upAt,
					take: choice.take,
					path: choice.path,
					reason: got.reason,
					detail: got.detail ?? "",
				}),
			};
		const folder = framePath.slice(0, framePath.lastIndexOf("/"));
		await ctx.opts.vault.ensureFolder(folder);
		await ctx.opts.vault.writeBinary(`${framePath}.tmp`, got.png);
		if ((await ctx.opts.vault.stat(framePath)) !== null) await ctx.opts.vault.remove(framePath);
		await ctx.opts.vault.rename(`${framePath}.tmp`, framePath);
		await journal?.recordFrame(job.shotId, {
			note: up.notePath,
			shotId: choice.storageId,
			take: choice.take,
			video: choice.path,
			size,
			frame: framePath,
			at: ctx.opts.clock.now(),
		});
	}
	return { ok: true, job: { ...job, reference: { kind: "vault", path: framePath } } };
}

function merge(into: DispatchResult, r: DispatchResult): void {
	into.results.push(...r.results);
	if (r.stopped && !into.stopped) {
		into.stopped = r.stopped;
		into.stopMessage = r.stopMessage;
		if (r.stopProvider) into.stopProvider = r.stopProvider;
	}
}

/** Dispatches the ready work in chain-depth rounds (see the top of this file). */
export async function dispatchChained(ctx: RunContext, plan: Plan, ready: WorkItem[], keyFor: (provider: string) => string | null): Promise<DispatchResult> {
	if (!ready.some((w) => w.job.after)) return dispatch(ctx, plan, ready, keyFor);
	const depth = (w: WorkItem) => (w.job.after ? (w.job.chainDepth ?? 1) : 0);
	const max = Math.max(...ready.map(depth));
	const out: DispatchResult = { results: [], stopped: null, stopMessage: null };
	for (let d = 0; d <= max; d++) {
		const round: WorkItem[] = [];
		for (const w of ready.filter((x) => depth(x) === d)) {
			// A resumed or reconciled take was sent with its frame already: never re-grabbed.
			if (d === 0 || w.action.kind !== "submit") {
				round.push(w);
				continue;
			}
			if (out.stopped) continue;
			const f = await frameFor(ctx, plan, w);
			if (f.ok) round.push({ ...w, job: f.job });
			else fail(ctx, w, f);
		}
		if (out.stopped) {
			for (const w of round) if (!ctx.outcomes.has(w.job.key)) ctx.outcomes.set(w.job.key, { kind: "cancelled" });
			continue;
		}
		if (round.length) merge(out, await dispatch(ctx, plan, round, keyFor));
	}
	return out;
}
