/**
 * Reads what a note's cut is made of: the note (its shots in story order and the
 * embeds under them), the videos in its output folder, its plan (durations,
 * orientation, provider and model) and its journal (who made each take). Reads
 * only; the exporters (otio.ts, canvas.ts) turn the result into files.
 */
import { language, t } from "../i18n";
import { formatValues } from "../i18n/format";
import type { VaultPort } from "../../ports/vault";
import { Journal, JournalError, type JournalEntry } from "../journal";
import { parseFile } from "../parse";
import type { ShotResult } from "../parse/model";
import { embedRecognizer, embedsUnder, folderHintOf } from "../patch";
import { outputFolderFor, stemOf } from "../paths";
import { firstJobs, planJobs } from "../plan";
import { redactPatterns } from "../redact";
import { noteBlocks, resolveIdentities } from "../run/identity";
import type { Settings } from "../settings";
import { chosenTake, takeFilesIn, type NoteTakesView, type ShotTakesView, type TakeChoice } from "./chosen";
import { FALLBACK_DURATION, type Cut, type CutClip, type CutWarning } from "./types";

/** Why a cut could not be read at all (the note is gone or holds no shots). */
export class CutError extends Error {
	constructor(
		readonly reason: "note-missing" | "no-shots",
		message: string,
	) {
		super(message);
		this.name = "CutError";
	}
}

export interface BuildCutInput {
	vault: VaultPort;
	notePath: string;
	settings: Settings;
}

function why(notePath: string, r: ShotResult, id: string, choice: Extract<TakeChoice, { ok: false }>): CutWarning {
	const at = t("common.shotRef", { path: notePath, line: r.source.line, shot: id });
	const base = { shotId: id, line: r.source.line };
	if (!r.ok) return { kind: "invalid-shot", ...base, message: t("run.cut.invalidLeftOut", { error: r.error }) };
	if (choice.reason === "video-missing") {
		return { kind: "video-missing", ...base, message: t("run.cut.videoMissing", { at, path: choice.path ?? "" }) };
	}
	if (choice.reason === "not-embedded") {
		const takes = formatValues(language(), choice.takes.map(String));
		return { kind: "not-embedded", ...base, message: t("run.cut.notEmbedded", { at, takes, count: choice.takes.length }) };
	}
	return { kind: "no-video", ...base, message: t("run.cut.noVideo", { at }) };
}

/** Reads a note's cut. Throws CutError when the note is missing or has no shot blocks. */
export async function buildCut(input: BuildCutInput): Promise<Cut> {
	const { vault, notePath, settings } = input;
	const text = await vault.read(notePath);
	if (text === null) throw new CutError("note-missing", t("run.cut.noteMissing", { path: notePath }));
	const note = parseFile(notePath, text);
	if (!note.shots.length) throw new CutError("no-shots", t("run.cut.noShots", { path: notePath }));
	const folder = outputFolderFor(notePath, note.frontmatter.output ?? settings.outputFolder);
	const files = await takeFilesIn(vault, folder);
	const warnings: CutWarning[] = [];

	let journal: Journal | null = null;
	try {
		journal = await Journal.open(vault, folder, notePath, { readOnly: true });
	} catch (err) {
		if (!(err instanceof JournalError)) throw err;
		warnings.push({ kind: "journal-unreadable", message: redactPatterns(t("run.cut.journalUnreadable", { error: err.message })) });
	}
	const entries: readonly JournalEntry[] = journal?.entries() ?? [];
	const journalFor = async () => journal ?? new JournalError("unreadable");
	const plan = await resolveIdentities({ vault, journalFor }, planJobs([note], settings, files), files);
	const jobs = firstJobs(plan.jobs);

	const embedded = new Map<number, Array<{ shotId: string; take: number }>>();
	if (note.kind === "markdown") {
		const blocks = noteBlocks(notePath, text);
		const recognize = embedRecognizer(folderHintOf(folder));
		for (const b of blocks) embedded.set(b.index, embedsUnder(text, blocks, b, recognize));
	}
	const views: ShotTakesView[] = [];
	for (const r of note.shots) {
		if (r.id === undefined) continue;
		views.push({ index: r.index, storageId: jobs.get(r.index)?.shotId ?? r.id, embedded: embedded.get(r.index) ?? [] });
	}
	const view: NoteTakesView = { kind: note.kind, outputFolder: folder, files, shots: views };
	const choices = chosenTake(view, entries, journal?.chosenTakes());

	const clips: CutClip[] = [];
	for (const r of note.shots) {
		const id = r.ok ? r.id : (r.id ?? r.label);
		const choice = choices.get(r.index);
		if (!choice) {
			warnings.push({
				kind: "invalid-shot",
				shotId: id,
				line: r.source.line,
				message: t("run.cut.invalidLeftOut", { error: r.ok ? t("common.shotRef", { path: notePath, line: r.source.line, shot: id }) : r.error }),
			});
			continue;
		}
		if (!choice.ok) {
			warnings.push(why(notePath, r, id, choice));
			continue;
		}
		if (!r.ok) warnings.push({ kind: "invalid-shot", shotId: id, line: r.source.line, message: t("run.cut.invalidInCut", { error: r.error }) });
		const job = jobs.get(r.index);
		const planned = job && job.status !== "invalid" && job.duration > 0 ? job.duration : undefined;
		const written = r.ok ? (r.input.duration ?? note.frontmatter.shot.duration ?? settings.defaults.duration) : undefined;
		const duration = planned ?? written ?? FALLBACK_DURATION;
		if (planned === undefined && written === undefined) {
			warnings.push({
				kind: "unknown-duration",
				shotId: id,
				line: r.source.line,
				message: t("run.cut.noDuration", { at: t("common.shotRef", { path: notePath, line: r.source.line, shot: id }), seconds: FALLBACK_DURATION }),
			});
		}
		const made = entries.find((e) => e.shotId === choice.storageId && e.take === choice.take);
		const provider = made?.provider ?? (job && job.status !== "invalid" ? job.provider : undefined);
		const model = made?.model ?? (job && job.status !== "invalid" ? job.model : undefined);
		const clip: CutClip = {
			index: r.index,
			shotId: id,
			storageId: choice.storageId,
			take: choice.take,
			videoPath: choice.path,
			prompt: redactPatterns(r.ok ? (r.input.prompt ?? "") : ""),
			duration,
			durationSource: planned !== undefined ? "planned" : written !== undefined ? "written" : "default",
			orientation: job?.orientation ?? settings.defaults.orientation,
			line: r.source.line,
			via: choice.via,
		};
		if (provider) clip.provider = provider;
		if (model) clip.model = model;
		clips.push(clip);
	}
	for (const w of warnings) w.message = redactPatterns(w.message);
	return { notePath, title: stemOf(notePath), outputFolder: folder, shots: note.shots.length, clips, warnings };
}
