/**
 * Shared pieces of the library comparisons: interleaved timing (ours, then the
 * library, then ours… so both see the same machine load), and the minified size
 * of a module entry as esbuild bundles it for the plugin.
 */
import esbuild from "esbuild";

export interface Timed {
	oursMs: number;
	libMs: number;
	/** library ÷ ours (< 1: the library is faster). */
	ratio: number;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)]!;
}

/** Median of `reps` interleaved rounds of each function. */
export function race(ours: () => void, lib: () => void, reps = 7): Timed {
	ours();
	lib();
	const a: number[] = [];
	const b: number[] = [];
	for (let r = 0; r < reps; r++) {
		let t = performance.now();
		ours();
		a.push(performance.now() - t);
		t = performance.now();
		lib();
		b.push(performance.now() - t);
	}
	const oursMs = median(a);
	const libMs = median(b);
	return { oursMs, libMs, ratio: libMs / oursMs };
}

/** Minified bytes of `contents` bundled for the browser (the plugin's platform). */
export async function bundledBytes(contents: string): Promise<number> {
	const r = await esbuild.build({
		stdin: { contents, resolveDir: process.cwd(), loader: "ts" },
		bundle: true,
		minify: true,
		format: "esm",
		platform: "browser",
		write: false,
		logLevel: "silent",
	});
	return r.outputFiles[0]!.contents.length;
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const x = (ratio: number): string => `${ratio.toFixed(2)}×`;
