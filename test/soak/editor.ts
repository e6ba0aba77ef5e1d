/**
 * The soak's user: a concurrent editor that types into the notes during every run
 * (appends, edits next to the front matter, text right after shot blocks), and
 * between runs inserts shots without `id:` above the others and renames notes.
 * Edits go through the same locked read-modify-write the CLI uses; renames and
 * edits are serialised with each other (a user does one thing at a time), never
 * with the CLI.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { FsVault } from "../../src/cli/fs-vault";

export interface Edit {
	/** Index into `notes` (a rename keeps the index, so an edit follows its note). */
	note: number;
	text: string;
}

export class SoakEditor {
	readonly written: Edit[] = [];
	private readonly fsv: FsVault;
	private queue: Promise<unknown> = Promise.resolve();
	private running = true;
	private loop: Promise<void> = Promise.resolve();

	constructor(
		private readonly vault: string,
		/** The notes' current vault paths (mutated by `rename`). */
		readonly notes: string[],
	) {
		this.fsv = new FsVault(vault);
	}

	/** One thing at a time. */
	private serial<T>(fn: () => Promise<T>): Promise<T> {
		const next = this.queue.then(fn, fn);
		this.queue = next.catch(() => undefined);
		return next;
	}

	start(pauseMs = 15): void {
		this.loop = (async () => {
			let i = 0;
			while (this.running) {
				const n = i % this.notes.length;
				const mark = `〔edit ${i} ✎ by the user〕`;
				const kind = i % 3;
				await this.serial(async () => {
					this.written.push({ note: n, text: mark });
					await this.fsv.process(this.notes[n] as string, (t) => {
						if (kind === 0) return t + `\n${mark}\n`;
						if (kind === 1) return t.replace("Intro paragraph.", `Intro paragraph. ${mark}`);
						const at = t.indexOf("\nProse after ");
						return at < 0 ? t + mark : t.slice(0, at + 1) + mark + " " + t.slice(at + 1);
					});
				});
				i++;
				await new Promise((r) => setTimeout(r, pauseMs));
			}
		})();
	}

	async stop(): Promise<void> {
		this.running = false;
		await this.loop;
		await this.queue;
	}

	/** Rewrites a note (an insertion between runs). */
	edit(note: number, fn: (text: string) => string): Promise<string> {
		return this.serial(() => this.fsv.process(this.notes[note] as string, fn));
	}

	/** Renames a note outside Obsidian (as a file manager or `git mv` would); its edits follow it. */
	rename(note: number, to: string): Promise<void> {
		return this.serial(async () => {
			await fs.rename(path.join(this.vault, this.notes[note] as string), path.join(this.vault, to));
			this.notes[note] = to;
		});
	}
}
