// Which source files have a test at the mirrored path (src/a/b.ts → test/a/b.test.ts)?
// `npm run mirror` prints the share per folder and in total.
//   --missing   also list the source files without a mirrored test
//   --orphans   also list the unit tests (outside the suites that test many files)
//               whose path matches no source file. A source file's tests may be split
//               by aspect, test/a/b.<aspect>.test.ts (e.g. paths.attachments.test.ts):
//               those belong to src/a/b.ts and are not orphans, but only
//               test/a/b.test.ts counts towards the share.
//   --min <n>   exit 1 when fewer than n percent of the source files are mirrored
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Suites that test many source files at once: they do not mirror one file. */
const SUITES = ["e2e", "features", "soak", "security", "browser", "fuzz", "smoke", "docs", "providers", "stubs", "support", "fixtures", "artifacts"];

function walk(dir) {
	const out = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...walk(full));
		else out.push(full);
	}
	return out;
}

const rel = (p) => path.relative(root, p).split(path.sep).join("/");
const sources = walk(path.join(root, "src"))
	.map(rel)
	.filter((p) => p.endsWith(".ts") && !p.endsWith(".d.ts"))
	.sort();
const mirrorOf = (src) => `test/${src.slice("src/".length, -".ts".length)}.test.ts`;
const mirrored = new Set(sources.filter((s) => existsSync(path.join(root, mirrorOf(s)))));

const args = process.argv.slice(2);
const minAt = args.indexOf("--min");
const min = minAt >= 0 ? Number(args[minAt + 1]) : null;
const pct = (n, d) => (d === 0 ? "–" : `${((100 * n) / d).toFixed(1)}%`);

const folders = new Map();
for (const s of sources) {
	const folder = path.posix.dirname(s);
	const row = folders.get(folder) ?? { total: 0, tested: 0 };
	row.total++;
	if (mirrored.has(s)) row.tested++;
	folders.set(folder, row);
}
const width = Math.max(...[...folders.keys()].map((f) => f.length));
for (const [folder, row] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
	console.log(`${folder.padEnd(width)}  ${String(row.tested).padStart(3)} / ${String(row.total).padEnd(3)} ${pct(row.tested, row.total)}`);
}
console.log(`\nmirror: ${mirrored.size} of ${sources.length} source files have a test at test/<same path>.test.ts (${pct(mirrored.size, sources.length)})`);

if (args.includes("--missing")) {
	console.log("\nwithout a mirrored test:");
	for (const s of sources) if (!mirrored.has(s)) console.log(`  ${s}`);
}
if (args.includes("--orphans")) {
	const mirrors = new Set(sources.map(mirrorOf));
	/** test/a/b.<aspect>.test.ts → test/a/b.test.ts (the file it belongs to). */
	const ofAspect = (p) => p.replace(/\.[\w-]+\.test\.ts$/, ".test.ts");
	const tests = walk(path.join(root, "test"))
		.map(rel)
		.filter((p) => p.endsWith(".test.ts") && !SUITES.includes(p.split("/")[1]) && !mirrors.has(p) && !mirrors.has(ofAspect(p)))
		.sort();
	console.log(`\nunit tests at a path that matches no source file (${tests.length}):`);
	for (const t of tests) console.log(`  ${t}`);
}
if (min !== null && (100 * mirrored.size) / sources.length < min) {
	console.error(`mirror: below the required ${min}%`);
	process.exit(1);
}
