/** Which files hold shots (a cheap candidate filter) and how each is parsed; plan-scan.ts plans the candidates. */
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
