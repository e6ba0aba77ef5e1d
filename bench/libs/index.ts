/**
 * Kept libraries against our own code (issue 18): time ratios measured in one
 * run (interleaved, medians), and bundle sizes. The decision column says which
 * one the code uses.
 */
import { hashRows } from "./hashes";
import { codecRows } from "./codecs";
import { argRows } from "./args";

export async function run(): Promise<{ title: string; markdown: string }> {
	const rows = [...(await hashRows()), ...(await codecRows()), ...(await argRows())];
	const markdown = [
		"Each pair runs interleaved in one process (ours, library, ours, …; median of 7 rounds), so both see the same machine load; ratio = library ÷ ours (below 1: the library is faster). Sizes are esbuild's minified browser bundle of the entry points used.",
		"",
		"| Work | Ours | Library | Ratio | Used |",
		"|---|---|---|---|---|",
		...rows,
		"",
	].join("\n");
	return { title: "Libraries: our own code vs kept packages", markdown };
}
