/**
 * Joining whole catalog messages for the plugin's interface. Each joiner is a
 * catalog template ("{a}, {b}" / "{a}，{b}"), so separators follow the language:
 * a list of counts, a list of ids, clauses, and sentences.
 */
import { type MessageKey, t } from "../core";

function joinWith(key: MessageKey, items: readonly string[]): string {
	const kept = items.filter((s) => s !== "");
	if (!kept.length) return "";
	return kept.slice(1).reduce((a, b) => t(key, { a, b }), kept[0] as string);
}

/** "3 done, 1 failed" / "完成 3 个，失败 1 个". */
export function joinList(items: readonly string[]): string {
	return joinWith("plugin.join.list", items);
}

/** Shot ids: "s03, s07" / "s03、s07". */
export function joinIds(items: readonly string[]): string {
	return joinWith("plugin.join.ids", items);
}

/** Clauses: "a; b" / "a；b". */
export function joinClauses(items: readonly string[]): string {
	return joinWith("plugin.join.clauses", items);
}

/** Whole sentences, each with its own final stop: "A. B." / "甲。乙。". */
export function joinSentences(items: readonly string[]): string {
	return joinWith("plugin.join.sentences", items);
}

/** Phrases without their final stop, run into one sentence: "a. b" / "甲。乙". */
export function joinPhrases(items: readonly string[]): string {
	return joinWith("plugin.join.phrases", items);
}
