/**
 * Which storyboard shot a simulated task renders. The wire carries only the prompt
 * (CineFlow sends no shot id to a provider), so a caller that knows its storyboard
 * (the offline demo, a browser test) hands the simulator the shots, and each task's
 * clip is titled with the shot whose prompt words the sent prompt contains best:
 * character injection (`[Alice]` → `Alice @alice`) and the appended scene, props and
 * note add words but remove none.
 */
import type { SimTask } from "../types";

export interface NamedShot {
	id: string;
	prompt: string;
}

/** Fraction of a shot's prompt words the sent prompt must contain. */
const MIN_MATCH = 0.75;

function words(text: string): string[] {
	return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The title function for `shots`: the best-matching shot's id, or undefined when none matches well. */
export function titleByPrompt(shots: readonly NamedShot[]): (task: SimTask) => string | undefined {
	const known = shots.map((s) => ({ id: s.id, words: [...new Set(words(s.prompt))] })).filter((s) => s.words.length > 0);
	return (task) => {
		const sent = new Set(words(task.prompt));
		let best: { id: string; score: number; size: number } | undefined;
		for (const s of known) {
			const score = s.words.filter((w) => sent.has(w)).length / s.words.length;
			if (score < MIN_MATCH) continue;
			if (!best || score > best.score || (score === best.score && s.words.length > best.size)) best = { id: s.id, score, size: s.words.length };
		}
		return best?.id;
	};
}
