/**
 * Chaining markers in a shot's frame fields:
 *  - `first_frame: previous`: the last frame of the chosen take of the shot before;
 *  - `first_frame: "[[Ep1#s03]]"` (or `[[#s03]]` for this note): of the named shot;
 *  - `last_frame: next`: land on the next shot's first frame (models with last_frame).
 * A note's `cineflow: chain: true` chains every shot (but the first) that has no
 * first frame or keyframe of its own to the one before.
 */

/** Where a chained shot takes its first frame from, as written. */
export type ChainAsk =
	/** `byNote`: from the note's `chain: true`, not written in the shot. */
	| { kind: "previous"; byNote?: boolean }
	/** `note` is the link's note part ("" for this note), `shot` the shot id after `#`. */
	| { kind: "shot"; note: string; shot: string };

const NAMED = /^\[\[([^\]|#]*)#([^\]|#]+)(?:\|[^\]]*)?\]\]$/;

/** The chain a `first_frame` value asks for, or undefined when it names an image. */
export function chainMarker(raw: string | undefined): ChainAsk | undefined {
	if (raw === undefined) return undefined;
	const v = raw.trim();
	if (v.toLowerCase() === "previous") return { kind: "previous" };
	const m = NAMED.exec(v);
	if (!m) return undefined;
	const shot = m[2]!.trim();
	// An image link with a heading would be odd; a shot id never has a dot.
	if (shot === "" || shot.includes(".")) return undefined;
	return { kind: "shot", note: m[1]!.trim(), shot };
}

/** True for `last_frame: next`. */
export function isNextMarker(raw: string | undefined): boolean {
	return raw !== undefined && raw.trim().toLowerCase() === "next";
}

/** How messages and the dry run write a chain ask. */
export function chainText(a: ChainAsk): string {
	return a.kind === "previous" ? "previous" : `[[${a.note}#${a.shot}]]`;
}
