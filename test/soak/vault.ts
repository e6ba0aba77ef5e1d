/**
 * The soak's storyboard vault: notes across folders, shots with and without `id:`,
 * and the edits a user makes between runs (a shot without `id:` inserted above the
 * others, a note renamed). Each planned shot knows its note, so the score follows
 * renames.
 */
import type { Random } from "../../src/core/scheduler/random";

export const KEY = "sk-SOAKPLANTED-7f3a9c1e5b2d4f60";
export const MARKER = "FORBIDDEN";
export const STALE = "STALELINK";

export interface Planned {
	/** The note's vault path (updated when the soak renames the note). */
	note: string;
	/** The shot's `id:`; undefined for a shot without one (its video is found under its fence). */
	id?: string;
	prompt: string;
	takes: number;
	policy: boolean;
	expired: boolean;
}

export type Rnd = Random;

export interface SoakVault {
	files: Record<string, string>;
	planned: Planned[];
}

export interface VaultShape {
	notes: number;
	shots: number;
	policyShots?: number;
	expiredShots?: number;
}

/** A shot block: with `id:` when given. */
export function shotBlock(p: Pick<Planned, "id" | "prompt" | "takes">): string {
	return "```shot\n" + (p.id ? `id: ${p.id}\n` : "") + "prompt: " + JSON.stringify(p.prompt) + "\n" + (p.takes > 1 ? `takes: ${p.takes}\n` : "") + "```\n";
}

export function buildVault(opts: VaultShape, rnd: Rnd): SoakVault {
	const files: Record<string, string> = {};
	const planned: Planned[] = [];
	let made = 0;
	let policyLeft = opts.policyShots ?? Math.max(1, Math.round(opts.shots / 50));
	let expiredLeft = opts.expiredShots ?? Math.max(1, Math.round(opts.shots / 100));
	for (let n = 0; n < opts.notes && made < opts.shots; n++) {
		const folder = n % 3 === 0 ? "Season 1" : n % 3 === 1 ? "Season 2/Part B" : "Extras";
		const name = `${folder}/Episode ${String(n + 1).padStart(2, "0")}.md`;
		let text = `---\ncineflow:\n  duration: 10\n  characters:\n    Alice: "@alice.cameo"\n---\n# Episode ${n + 1}\n\nIntro paragraph.\n\n`;
		const per = Math.floor(opts.shots / opts.notes) + (n < opts.shots % opts.notes ? 1 : 0);
		for (let i = 0; i < per && made < opts.shots; i++, made++) {
			// Every fourth note's first two shots have no `id:` (identity by content, not position).
			const idless = n % 4 === 1 && i < 2;
			const id = idless ? undefined : `e${n + 1}s${i + 1}`;
			const policy = !idless && policyLeft > 0 && rnd() < 0.1;
			if (policy) policyLeft--;
			const expired = !idless && !policy && expiredLeft > 0 && rnd() < 0.1;
			if (expired) expiredLeft--;
			const takes = !idless && rnd() < 0.08 ? 2 : 1;
			const prompt = `[Alice] scene ${n + 1}.${i + 1}${policy ? ` ${MARKER} content` : ""}${expired ? ` ${STALE} take` : ""}, rain ${Math.floor(rnd() * 1e6)}`;
			const p: Planned = { note: name, prompt, takes, policy, expired, ...(id ? { id } : {}) };
			planned.push(p);
			text += shotBlock(p) + "\nProse after " + (id ?? `shot ${i + 1}`) + ".\n\n";
		}
		files[name] = text;
	}
	return { files, planned };
}

/** Inserts a shot without `id:` above every other shot of the note (the first fence). */
export function insertAbove(text: string, block: string): string {
	const at = text.indexOf("```shot\n");
	return at < 0 ? text + "\n" + block : text.slice(0, at) + block + "\n" + text.slice(at);
}

/** The name a renamed note gets: same folder (the CLI adopts an orphaned output folder there). */
export function renamedPath(note: string, round: number): string {
	const slash = note.lastIndexOf("/");
	const base = note.slice(slash + 1, -".md".length);
	return `${note.slice(0, slash + 1)}${base} (cut ${round}).md`;
}

/** The `_assets/<note>` folder of a note. */
export function outputFolder(note: string): string {
	const slash = note.lastIndexOf("/");
	return `${slash < 0 ? "" : note.slice(0, slash + 1)}_assets/${note.slice(slash + 1, -".md".length)}`;
}
