/** A small in-memory vault with binary files and modification times, and a storyboard fixture for the cut tests. */
import { renderJournal } from "../../src/core/journal-file";
import { JOURNAL_VERSION, type JournalEntry } from "../../src/core/journal";
import type { FileStat, VaultPort } from "../../src/ports/vault";
import { journalEntry } from "./jobs";
import { shotBlock } from "./shots";

export class BinVault implements VaultPort {
	readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
	/** Every path written (writeText/writeBinary/rename target), in order. */
	readonly writes: string[] = [];
	private tick = 1000;

	constructor(files: Record<string, string | Uint8Array> = {}) {
		for (const [p, v] of Object.entries(files)) this.put(p, v);
	}
	put(p: string, v: string | Uint8Array, mtime = this.tick++): void {
		this.files.set(p, { data: typeof v === "string" ? new TextEncoder().encode(v) : v, mtime });
	}
	text(p: string): string | null {
		const f = this.files.get(p);
		return f ? new TextDecoder().decode(f.data) : null;
	}
	read(p: string): Promise<string | null> {
		return Promise.resolve(this.text(p));
	}
	readBinary(p: string): Promise<Uint8Array | null> {
		return Promise.resolve(this.files.get(p)?.data ?? null);
	}
	stat(p: string): Promise<FileStat | null> {
		const f = this.files.get(p);
		return Promise.resolve(f ? { size: f.data.length, mtime: f.mtime } : null);
	}
	listFiles(folder: string): Promise<string[]> {
		return Promise.resolve([...this.files.keys()].filter((p) => !folder || p.startsWith(folder + "/")).sort());
	}
	ensureFolder(): Promise<void> {
		return Promise.resolve();
	}
	writeBinary(p: string, data: Uint8Array): Promise<void> {
		this.writes.push(p);
		this.put(p, data);
		return Promise.resolve();
	}
	writeText(p: string, t: string): Promise<void> {
		this.writes.push(p);
		this.put(p, t);
		return Promise.resolve();
	}
	append(p: string, t: string): Promise<void> {
		this.put(p, (this.text(p) ?? "") + t);
		return Promise.resolve();
	}
	rename(a: string, b: string): Promise<void> {
		this.writes.push(b);
		const f = this.files.get(a);
		if (f) this.files.set(b, f);
		this.files.delete(a);
		return Promise.resolve();
	}
	remove(p: string): Promise<void> {
		this.files.delete(p);
		return Promise.resolve();
	}
	process(p: string, fn: (t: string) => string): Promise<string> {
		const t = fn(this.text(p) ?? "");
		this.put(p, t);
		return Promise.resolve(t);
	}
}

/** Bytes that pass for a video (the cut never decodes them). */
export const VIDEO = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 1, 2, 3, 4]);

export function journalText(note: string, entries: Array<Partial<JournalEntry> & Pick<JournalEntry, "shotId" | "take" | "outputPath">>): string {
	const all: Record<string, JournalEntry> = {};
	for (const e of entries) {
		all[`${e.shotId}#${e.take}`] = journalEntry(e);
	}
	return renderJournal({ version: JOURNAL_VERSION, note, entries: all });
}

/**
 * A storyboard in a folder with spaces and a CJK name, five shots:
 *  s01  take 1 embedded;  s02  takes 1 and 2 on disk, take 2 embedded first (then take 1);
 *  s03  no video;  s04  take 1 on disk, not embedded;  s05  embedded but the file is gone;
 *  and a shot without `id:` (position 6) whose video is embedded.
 */
export const NOTE = "Episodes/第一集 The Storm.md";
export const OUT = "Episodes/_assets/第一集 The Storm";

export function stormVault(): BinVault {
	const e = (f: string) => `![[_assets/第一集 The Storm/${f}]]\n`;
	const note = [
		"---\ncineflow:\n  provider: sorahk\n  duration: 10\n---\n",
		"# 第一集\n\n",
		shotBlock({ id: "s01", prompt: "雨夜，城市天际线 wide establishing shot" }),
		e("s01.mp4"),
		"\n",
		shotBlock({ id: "s02", prompt: "Close on her face, rain on the glass", duration: 15, takes: 2 }),
		e("s02.take2.mp4") + e("s02.mp4"),
		"\n",
		shotBlock({ id: "s03", prompt: "The door opens" }),
		"\n",
		shotBlock({ id: "s04", prompt: "Hallway, tracking", orientation: "vertical" }),
		"\n",
		shotBlock({ id: "s05", prompt: "Gone video" }),
		e("s05.mp4"),
		"\n",
		shotBlock({ prompt: "Epilogue without an id" }),
		e("s06.mp4"),
	].join("");
	return new BinVault({
		[NOTE]: note,
		[`${OUT}/s01.mp4`]: VIDEO,
		[`${OUT}/s02.mp4`]: VIDEO,
		[`${OUT}/s02.take2.mp4`]: VIDEO,
		[`${OUT}/s04.mp4`]: VIDEO,
		[`${OUT}/s06.mp4`]: VIDEO,
		[`${OUT}/cineflow-jobs.md`]: journalText(NOTE, [
			{ shotId: "s01", take: 1, outputPath: `${OUT}/s01.mp4`, provider: "sorahk", model: "sora-2-pro" },
			{ shotId: "s02", take: 2, outputPath: `${OUT}/s02.take2.mp4`, provider: "t8star", model: "sora-2" },
		]),
	});
}
