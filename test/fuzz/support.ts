/**
 * Shared set-up of the fuzz suites: fixed seeds (every run draws the same cases),
 * a scale factor for longer runs, and a case counter that can be written out for
 * RELIABILITY.md.
 *
 *   CINEFLOW_FUZZ_SCALE=10            multiply every case count by 10
 *   CINEFLOW_FUZZ_REPORT=fuzz.json    merge {target: cases} into this JSON file
 *   CINEFLOW_FUZZ_SEED=123            replace the fixed base seed (to explore)
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const scale = Number(process.env.CINEFLOW_FUZZ_SCALE ?? "1");
export const FUZZ_SCALE = Number.isFinite(scale) && scale > 0 ? scale : 1;
const seedEnv = Number(process.env.CINEFLOW_FUZZ_SEED ?? "");
export const BASE_SEED = Number.isInteger(seedEnv) && process.env.CINEFLOW_FUZZ_SEED ? seedEnv : 0x5eed_c1e;

/** `n` scaled by CINEFLOW_FUZZ_SCALE (at least 1). */
export function runs(n: number): number {
	return Math.max(1, Math.round(n * FUZZ_SCALE));
}

/** A fixed seed per target, so a failure names a seed that reproduces it. */
export function seedFor(target: string): number {
	let h = BASE_SEED >>> 0;
	for (let i = 0; i < target.length; i++) h = Math.imul(h ^ target.charCodeAt(i), 0x01000193) >>> 0;
	return h | 0;
}

const counts = new Map<string, number>();

/** Counts one executed case of `target` (call it inside the property body). */
export function count(target: string, n = 1): void {
	counts.set(target, (counts.get(target) ?? 0) + n);
}

export function casesOf(target: string): number {
	return counts.get(target) ?? 0;
}

function withLock(file: string, fn: () => void): void {
	const lock = file + ".lock";
	for (let i = 0; i < 2000; i++) {
		try {
			closeSync(openSync(lock, "wx"));
			try {
				fn();
			} finally {
				rmSync(lock, { force: true });
			}
			return;
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
			const until = Date.now() + 5;
			while (Date.now() < until) {
				// spin briefly; test files write the report once each
			}
		}
	}
	throw new Error(`could not lock ${lock}`);
}

/**
 * Merges this file's counts into CINEFLOW_FUZZ_REPORT (when set). Several test
 * files run in parallel processes, so the merge is done under a lock file.
 */
export function writeReport(): void {
	const file = process.env.CINEFLOW_FUZZ_REPORT;
	if (!file || counts.size === 0) return;
	const full = path.resolve(file);
	mkdirSync(path.dirname(full), { recursive: true });
	withLock(full, () => {
		let data: Record<string, unknown> = {};
		try {
			data = JSON.parse(readFileSync(full, "utf8")) as Record<string, unknown>;
		} catch {
			data = {};
		}
		const cases = (typeof data.cases === "object" && data.cases !== null ? data.cases : {}) as Record<string, number>;
		for (const [k, v] of counts) cases[k] = v;
		const total = Object.values(cases).reduce((a, b) => a + b, 0);
		const out = { scale: FUZZ_SCALE, seed: BASE_SEED, cases, total };
		writeFileSync(full + ".tmp", JSON.stringify(out, null, 2) + "\n");
		renameSync(full + ".tmp", full);
	});
}
