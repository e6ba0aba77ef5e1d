/**
 * The run dialog's shot filter: "1-5, 8" picks shots by their position in the
 * note (1-based), "s03" by id, and "note:Ep1" keeps the notes whose path contains
 * "Ep1". Terms of one kind are OR-ed; the two kinds (shots, notes) are AND-ed.
 */
import { t } from "../core";

export interface ShotRef {
	notePath: string;
	shotId: string;
	/** 1-based position of the shot in its note. */
	index: number;
}

export type FilterResult = { ok: true; empty: boolean; test: (s: ShotRef) => boolean } | { ok: false; message: string };

export function parseShotFilter(text: string): FilterResult {
	const ranges: [number, number][] = [];
	const ids = new Set<string>();
	const notes: string[] = [];
	for (const raw of text.split(/[,;]/)) {
		const term = raw.trim();
		if (!term) continue;
		const note = /^note:\s*(.+)$/i.exec(term);
		if (note) {
			notes.push((note[1] as string).trim().toLowerCase());
			continue;
		}
		const range = /^(\d+)\s*(?:-|–|\.\.)\s*(\d+)$/.exec(term);
		if (range) {
			const a = Number(range[1]);
			const b = Number(range[2]);
			if (a < 1 || b < a) return { ok: false, message: t("plugin.filter.badRange", { term }) };
			ranges.push([a, b]);
			continue;
		}
		if (/^\d+$/.test(term)) {
			const n = Number(term);
			if (n < 1) return { ok: false, message: t("plugin.filter.fromOne") };
			ranges.push([n, n]);
			continue;
		}
		if (/^[A-Za-z0-9][\w.-]*$/.test(term)) {
			ids.add(term);
			continue;
		}
		return { ok: false, message: t("plugin.filter.badTerm", { term }) };
	}
	const hasShots = ranges.length > 0 || ids.size > 0;
	const test = (s: ShotRef) => {
		const shotOk = !hasShots || ids.has(s.shotId) || ranges.some(([a, b]) => s.index >= a && s.index <= b);
		const noteOk = !notes.length || notes.some((n) => s.notePath.toLowerCase().includes(n));
		return shotOk && noteOk;
	};
	return { ok: true, empty: !hasShots && !notes.length, test };
}
