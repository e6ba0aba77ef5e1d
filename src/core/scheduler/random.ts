/** Helpers over the injected random source (ports/random.ts), and a seeded one for tests, the benchmark and the simulator. */
import type { Random } from "../../ports/random";

export type { Random };

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): Random {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function uniform(random: Random, min: number, max: number): number {
	return min + (max - min) * random();
}

/** "Full jitter" backoff: a uniform wait in [0, min(cap, base·2^attempt)]. */
export function fullJitter(random: Random, attempt: number, baseMs: number, capMs: number): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
	return random() * ceiling;
}
