/**
 * Node side of ./titles.ts: the shots (id and prompt) of every note and JSON
 * storyboard under a folder, read with the core's own parser, so the demo's
 * simulator can title each clip with its shot id.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { parseJsonFile, parseMarkdown } from "../../core/parse/note";
import type { NamedShot } from "./titles";

export async function shotsInFolder(dir: string): Promise<NamedShot[]> {
	const out: NamedShot[] = [];
	const files = (await fs.readdir(dir, { recursive: true })).map(String).sort();
	for (const rel of files) {
		const md = rel.endsWith(".md");
		if (!md && !rel.endsWith(".json")) continue;
		const text = await fs.readFile(path.join(dir, rel), "utf8").catch(() => null);
		if (text === null) continue;
		const note = md ? parseMarkdown(rel, text) : parseJsonFile(rel, text);
		for (const s of note.shots) if (s.ok && s.input.prompt) out.push({ id: s.id, prompt: s.input.prompt });
	}
	return out;
}
