/**
 * Where the storyboard note goes: next to the script, named after it, never onto
 * an existing file. The path depends on the script's path only, never on
 * anything the model said.
 */
import { folderOf, joinVault, normalizeVaultPath, stemOf } from "../paths";
import { DraftError } from "./errors";
import { t } from "../i18n";

/** Highest numbered name tried before giving up. */
export const MAX_ATTEMPTS = 500;

/** `<folder>/<name> — storyboard.md`, or `… — storyboard <n>.md` for n ≥ 2. */
export function storyboardPath(scriptPath: string, n = 1): string {
	const p = normalizeVaultPath(scriptPath);
	const name = `${stemOf(p)} — storyboard${n > 1 ? ` ${n}` : ""}.md`;
	const folder = folderOf(p);
	return folder ? joinVault(folder, name) : name;
}

/** True when `out` is one of the names storyboardPath can give for `scriptPath`. */
export function isStoryboardPathFor(scriptPath: string, out: string): boolean {
	const p = normalizeVaultPath(scriptPath);
	if (folderOf(out) !== folderOf(p)) return false;
	const stem = stemOf(p);
	const base = out.slice(out.lastIndexOf("/") + 1);
	if (!base.startsWith(`${stem} — storyboard`) || !base.endsWith(".md")) return false;
	const mid = base.slice(`${stem} — storyboard`.length, -3);
	return mid === "" || /^ [2-9]\d*$|^ 1\d+$/.test(mid);
}

/** Files the assistant may use: read the script, check names, create one new note. */
export interface DraftVault {
	/** Text of a file, or null when it does not exist. */
	read(path: string): Promise<string | null>;
	/** Whether anything (file or folder) exists at the path. */
	exists(path: string): Promise<boolean>;
	/** Creates a new file. Must fail, and change nothing, when something exists at the path. */
	create(path: string, text: string): Promise<void>;
}

export class AlreadyExistsError extends Error {
	constructor(path: string) {
		super(t("assistant.exists", { path }));
		this.name = "AlreadyExistsError";
	}
}

/** Writes `text` to the first free storyboard name; never overwrites. Returns the path written. */
export async function createStoryboardNote(vault: DraftVault, scriptPath: string, text: string): Promise<string> {
	const script = normalizeVaultPath(scriptPath);
	for (let n = 1; n <= MAX_ATTEMPTS; n++) {
		const out = storyboardPath(script, n);
		if (out === script || (await vault.exists(out))) continue;
		if (!isStoryboardPathFor(script, out)) throw new DraftError("write", t("assistant.refusedPath", { path: out }));
		try {
			await vault.create(out, text);
			return out;
		} catch (e) {
			// Someone created it in between: try the next name.
			if (e instanceof AlreadyExistsError || (await vault.exists(out))) continue;
			throw new DraftError("write", t("assistant.writeFailed", { path: out, why: e instanceof Error ? e.message : String(e) }));
		}
	}
	throw new DraftError("write", t("assistant.noFreeName", { path: script, tries: MAX_ATTEMPTS }));
}
