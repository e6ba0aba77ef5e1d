/**
 * Building blocks for catalog entries: capability sets, size tables derived from
 * resolutions, and lifecycle records. Data helpers only; no provider facts here.
 */
import { sizeOf } from "../geometry";
import type { Aspect, Lifecycle, ModelCaps, Resolution } from "../types";
import type { Orientation } from "../../types";

export const MB = 1024 * 1024;

/** A capability set: everything off unless the entry says otherwise. */
export function caps(c: Partial<ModelCaps> & Pick<ModelCaps, "resolutions" | "aspects">): ModelCaps {
	return {
		firstFrame: false,
		lastFrame: false,
		maxReferences: 0,
		firstFrameWithReferences: true,
		audio: false,
		negativePrompt: false,
		seed: false,
		...c,
	};
}

/** The pixel sizes of every resolution × aspect, split by orientation (defaults first). */
export function sizesFor(resolutions: readonly Resolution[], aspects: readonly Aspect[]): Record<Orientation, string[]> {
	const out: Record<Orientation, string[]> = { horizontal: [], vertical: [] };
	for (const r of resolutions) {
		for (const a of aspects) {
			const o: Orientation = a === "9:16" || a === "3:4" ? "vertical" : "horizontal";
			const s = sizeOf(r, a);
			if (!out[o].includes(s)) out[o].push(s);
		}
	}
	return out;
}

export function active(source: string, verified: string, note?: string): Lifecycle {
	return note ? { status: "active", source, verified, note } : { status: "active", source, verified };
}

export function deprecated(shutdown: string, replacement: string | undefined, source: string, verified: string): Lifecycle {
	const l: Lifecycle = { status: "deprecated", shutdown, source, verified };
	if (replacement) l.replacement = replacement;
	return l;
}

export function retired(shutdown: string, replacement: string | undefined, source: string, verified: string): Lifecycle {
	const l: Lifecycle = { status: "retired", shutdown, source, verified };
	if (replacement) l.replacement = replacement;
	return l;
}

/** Price unknown: shown as "unknown" in the dry run until the user sets one. */
export function unknownPrice(source: string) {
	return { perSecond: null, proPerSecond: null, source };
}
