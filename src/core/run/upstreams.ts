/**
 * Chaining across notes run separately (issue 17): a shot whose `first_frame` names
 * `[[Ep1#s03]]` when Ep1 is not in the run. The named note is found, read and parsed
 * like the scan does (never written: its journal is opened read-only), and the named
 * shot's chosen take is found with the cut's rule (cut/chosen.ts). The plan then
 * chains to that take's video on disk (chains.ts), or says why it cannot.
 */
import type { VaultPort } from "../../ports/vault";
import type { ExternalUpstream, ExternalUpstreams } from "../chains";
import { externalKey } from "../chains";
import { chosenTake, takeFilesIn, type TakeChoice } from "../cut/chosen";
import { Journal } from "../journal";
import { isCandidate, parseFile } from "../parse";
import type { ParsedNote } from "../parse/model";
import { embedRecognizer, embedsUnder, folderHintOf } from "../patch";
import { attachmentFolderFromSetting, attachmentOutputFolder, outputFolderFor, usesAttachments } from "../paths";
import { planJobs, type Plan } from "../plan";
import type { Settings } from "../settings";
import { noteBlocks } from "./identity";
import { targetFiles } from "./gather";

function stem(path: string): string {
	return path.slice(path.lastIndexOf("/") + 1).replace(/\.(md|json)$/i, "");
}

/** The vault note a link names (exact path, path + .md, or the one note of that name). */
function findNote(link: string, all: readonly string[]): string | undefined {
	const exact = all.find((p) => p === link || p === `${link}.md`);
	if (exact) return exact;
	const byName = all.filter((p) => stem(p) === stem(link));
	return byName.length === 1 ? byName[0] : undefined;
}

async function folderOf(note: ParsedNote, settings: Settings, attachmentFolder?: (notePath: string) => Promise<string>): Promise<string> {
	if (usesAttachments(note.frontmatter.output, settings)) {
		const at = attachmentFolder ? await attachmentFolder(note.path) : attachmentFolderFromSetting(note.path, undefined);
		return attachmentOutputFolder(note.path, at);
	}
	return outputFolderFor(note.path, note.frontmatter.output ?? settings.outputFolder);
}

/** The chosen take of one shot of a note that is not in the run (read-only). */
async function choiceOf(vault: VaultPort, note: ParsedNote, text: string, folder: string, shot: { index: number; id: string }): Promise<TakeChoice> {
	const files = await takeFilesIn(vault, folder);
	let journal: Journal | null = null;
	try {
		journal = await Journal.open(vault, folder, note.path, { readOnly: true });
	} catch {
		journal = null;
	}
	let embedded: Array<{ shotId: string; take: number }> = [];
	if (note.kind === "markdown") {
		const blocks = noteBlocks(note.path, text);
		const b = blocks.find((x) => x.index === shot.index);
		if (b) embedded = embedsUnder(text, blocks, b, embedRecognizer(folderHintOf(folder)));
	}
	const view = { kind: note.kind, outputFolder: folder, files, shots: [{ index: shot.index, storageId: shot.id, embedded }] };
	return chosenTake(view, journal?.entries() ?? [], journal?.chosenTakes()).get(shot.index) ?? { ok: false, reason: "no-video", takes: [] };
}

/**
 * The chosen take of shot `shotId` of the note at `notePath` whose videos are in `folder`
 * (the same rule and reads as externalUpstreams, read-only), with its video's size now;
 * null when the note or the shot is gone. The shot cards' stale check uses it.
 */
export async function chosenTakeNow(
	vault: VaultPort,
	notePath: string,
	shotId: string,
	folder: string,
): Promise<{ choice: TakeChoice; size: number | null } | null> {
	const text = await vault.read(notePath);
	const note = text !== null && isCandidate(notePath, text) ? parseFile(notePath, text) : null;
	const shot = note?.shots.find((r) => r.ok && r.id === shotId);
	if (!note || text === null || !shot?.id) return null;
	const choice = await choiceOf(vault, note, text, folder, { index: shot.index, id: shot.id });
	return { choice, size: choice.ok ? ((await vault.stat(choice.path))?.size ?? null) : null };
}

/**
 * Every `[[Note#shot]]` upstream of the scanned notes whose note is not among them,
 * resolved against the vault. Nothing is written.
 */
export async function externalUpstreams(
	vault: VaultPort,
	plan: Pick<Plan, "shots" | "notes">,
	settings: Settings,
	attachmentFolder?: (notePath: string) => Promise<string>,
): Promise<ExternalUpstreams> {
	const out: ExternalUpstreams = new Map();
	const inRun = plan.notes.map((n) => n.path);
	let all: string[] | null = null;
	const parsed = new Map<string, { note: ParsedNote; text: string; folder: string } | null>();
	for (const s of plan.shots) {
		const ask = s.chain;
		if (ask?.kind !== "shot" || ask.note === "") continue;
		const key = externalKey(s.source.notePath, ask.note, ask.shot);
		if (out.has(key) || findNote(ask.note, inRun)) continue;
		all ??= await targetFiles(vault, "");
		const path = findNote(ask.note, all);
		if (!path) {
			out.set(key, { found: "no-note", link: ask.note });
			continue;
		}
		if (!parsed.has(path)) {
			const text = await vault.read(path);
			const note = text !== null && isCandidate(path, text) ? parseFile(path, text) : null;
			parsed.set(path, note && text !== null ? { note, text, folder: await folderOf(note, settings, attachmentFolder) } : null);
		}
		const p = parsed.get(path);
		const shot = p?.note.shots.find((r): r is Extract<typeof r, { ok: true }> => r.ok && r.id === ask.shot);
		if (!p || !shot) {
			out.set(key, { found: "no-shot", notePath: path });
			continue;
		}
		const duration = Number(shot.input.duration ?? 0);
		const up: ExternalUpstream = {
			found: "shot",
			notePath: path,
			shotId: shot.id,
			line: shot.source.line,
			duration: Number.isFinite(duration) ? duration : 0,
			outputFolder: p.folder,
			choice: await choiceOf(vault, p.note, p.text, p.folder, { index: shot.index, id: shot.id }),
		};
		out.set(key, up);
	}
	return out;
}

/**
 * The plan of the scanned notes; when a shot chains to a note outside the run, that
 * note is read (externalUpstreams) and the plan is made again with what it found.
 */
export async function planWithUpstreams(
	vault: VaultPort,
	notes: readonly ParsedNote[],
	settings: Settings,
	attachmentFolder?: (notePath: string) => Promise<string>,
): Promise<Plan> {
	const plan = planJobs(notes, settings, new Map());
	if (!plan.shots.some((s) => s.chain?.kind === "shot" && s.chain.note !== "")) return plan;
	const external = await externalUpstreams(vault, plan, settings, attachmentFolder);
	return external.size ? planJobs(notes, settings, new Map(), external) : plan;
}
