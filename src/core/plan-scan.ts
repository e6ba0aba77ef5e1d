/** Folder scans: a cheap candidate filter, then parse and plan only the candidates. */
import { isCandidate, parseFile } from "./parse";
import type { ParsedNote } from "./parse/model";
import { planJobs, type Plan } from "./plan";
import type { Settings } from "./settings";

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
