/** Folder scans: a cheap candidate filter, then parse and plan only the candidates. */
import { planJobs, type Plan } from "../plan";
import type { Settings } from "../settings";
import { basenameOf } from "../paths";
import { FENCE_HINT } from "./fences";
import type { ParsedNote } from "./model";
import { parseJsonFile, parseMarkdown } from "./note";

/** `storyboard*.json`, case-insensitive (the original's scanner pattern). */
export function isStoryboardJson(path: string): boolean {
	return /^storyboard.*\.json$/i.test(basenameOf(path));
}

/**
 * Could this file hold shots? Markdown notes need a ```shot / ~~~shot or ```json
 * fence; JSON files need a storyboard*.json name. Nothing else is parsed.
 */
export function isCandidate(path: string, text: string): boolean {
	if (isStoryboardJson(path)) return true;
	return /\.md$/i.test(path) && FENCE_HINT.test(text);
}

/** Parses one file: `.json` as a storyboard, anything else as Markdown. Never throws. */
export function parseFile(path: string, text: string): ParsedNote {
	return /\.json$/i.test(path) ? parseJsonFile(path, text) : parseMarkdown(path, text);
}

export interface ScanResult {
	plan: Plan;
	notes: ParsedNote[];
	/** Files looked at, and how many of them were parsed. */
	scanned: number;
	candidates: number;
}

/** Filters, parses and plans a set of files. */
export function scanAndPlan(files: ReadonlyArray<{ path: string; text: string }>, settings: Settings, existing: ReadonlyMap<string, number>): ScanResult {
	const notes: ParsedNote[] = [];
	for (const f of files) if (isCandidate(f.path, f.text)) notes.push(parseFile(f.path, f.text));
	return { plan: planJobs(notes, settings, existing), notes, scanned: files.length, candidates: notes.length };
}
