/**
 * Parse benchmark: an in-memory vault of 10,000 notes (2,000 of them with 1–20 shot
 * blocks in realistic prose, some front matter, a few invalid shots), built by a
 * seeded generator, then scan + parse + plan timed five times.
 */
import { isCandidate, parseFile } from "../../src/core/parse";
import { scanAndPlan } from "../../src/core/plan-scan";
import { planJobs } from "../../src/core/plan";
import { DEFAULT_SETTINGS } from "../../src/core/settings";
import { seededRandom } from "../../src/core/scheduler/random";

const NOTES = 10_000;
const WITH_SHOTS = 2_000;
const RUNS = 5;
const TARGET_MS = 2_000;
/** Share of shot notes with one shot nested in a callout or list (parsed by remark). */
const NESTED_SHARE = 0.1;

const WORDS = (
	"the a of rain alley neon light camera slowly pans across city night street window door shadow " +
	"she he they walks runs turns looks whispers smiles under over through between quiet loud old " +
	"young market station bridge river roof stairs coffee letter phone memory morning evening wind"
).split(" ");
const CJK = ["雨夜", "小巷", "霓虹", "镜头", "缓缓", "推进", "城市", "街道", "回忆"];

export interface Vault {
	files: Array<{ path: string; text: string }>;
	shots: number;
	invalid: number;
	bytes: number;
	/** Notes with a shot in a callout or list item (remark path). */
	nestedNotes: number;
}

export function makeVault(seed = 42): Vault {
	const r = seededRandom(seed);
	const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
	const pickOne = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
	const sentence = () => {
		const n = int(6, 18);
		const w: string[] = [];
		for (let i = 0; i < n; i++) w.push(r() < 0.05 ? pickOne(CJK) : pickOne(WORDS));
		const s = w.join(" ");
		return s.charAt(0).toUpperCase() + s.slice(1) + ".";
	};
	const paragraph = () => Array.from({ length: int(2, 6) }, sentence).join(" ");
	const prose = (blocks: number) => {
		const out: string[] = [];
		for (let i = 0; i < blocks; i++) {
			const k = r();
			if (k < 0.1) out.push(`## ${sentence()}`);
			else if (k < 0.2) out.push(Array.from({ length: int(2, 5) }, () => `- ${sentence()}`).join("\n"));
			else if (k < 0.25) out.push("```js\nconst x = 1;\nconsole.log(x);\n```");
			else if (k < 0.3) out.push(`> ${sentence()}\n> [[Link ${int(1, 99)}]]`);
			else out.push(paragraph());
		}
		return out.join("\n\n");
	};
	const files: Vault["files"] = [];
	let shots = 0;
	let invalid = 0;
	let bytes = 0;
	let nestedNotes = 0;
	for (let i = 0; i < NOTES; i++) {
		const folder = `Project ${i % 37}/Part ${i % 7}`;
		const hasShots = i % (NOTES / WITH_SHOTS) === 0;
		let text = "";
		if (r() < 0.4) text += `---\ntags: [draft, ep${i % 12}]\ncreated: 2025-01-${String((i % 28) + 1).padStart(2, "0")}\n`;
		if (text && hasShots && r() < 0.6) {
			text += `cineflow:\n  duration: ${pickOne([10, 15])}\n  orientation: ${pickOne(["horizontal", "vertical"])}\n  characters:\n    Alice: "@alice.cameo"\n    Bob: {id: "@bob", aliases: [Bobby]}\n`;
		}
		if (text) text += "---\n";
		text += `# Note ${i}\n\n${prose(int(3, 10))}\n`;
		if (hasShots) {
			const n = int(1, 20);
			const nested = r() < NESTED_SHARE;
			const nestedAt = int(1, n);
			if (nested) nestedNotes++;
			for (let s = 1; s <= n; s++) {
				shots++;
				const bad = r() < 0.02;
				if (bad) invalid++;
				const fields = [
					`id: s${String(s).padStart(2, "0")}`,
					`prompt: "[Alice] ${sentence()} [Bobby] ${sentence()}"`,
					`duration: ${bad ? 7 : pickOne([10, 15])}`,
				];
				if (r() < 0.3) fields.push(`scene: ${pickOne(["Alley-NIGHT", "Roof-DAY", "Station"])}`);
				if (r() < 0.2) fields.push("props: [umbrella, phone]");
				if (r() < 0.2) fields.push(`note: ${sentence()}`);
				if (r() < 0.1) fields.push(`image: "[[refs/img${s}.png]]"`);
				if (s === nestedAt && nested) {
					// A shot in a callout or under a list item: that part of the note goes to remark.
					text +=
						r() < 0.5
							? `\n> [!note] ${sentence()}\n> \`\`\`shot\n${fields.map((f) => "> " + f).join("\n")}\n> \`\`\`\n`
							: `\n- ${sentence()}\n\n  \`\`\`shot\n${fields.map((f) => "  " + f).join("\n")}\n  \`\`\`\n`;
				} else {
					text += `\n${paragraph()}\n\n\`\`\`shot\n${fields.join("\n")}\n\`\`\`\n`;
				}
			}
			text += `\n${prose(int(1, 4))}\n`;
		}
		bytes += text.length;
		files.push({ path: `${folder}/Note ${i}.md`, text });
	}
	return { files, shots, invalid, bytes, nestedNotes };
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<{ title: string; markdown: string }> {
	const vault = makeVault();
	const existing = new Map<string, number>();
	const times: number[] = [];
	let summary = { jobs: 0, ready: 0, invalid: 0, candidates: 0 };
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		const res = scanAndPlan(vault.files, DEFAULT_SETTINGS, existing);
		times.push(performance.now() - t0);
		summary = { jobs: res.plan.totals.jobs, ready: res.plan.totals.ready, invalid: res.plan.totals.invalid, candidates: res.candidates };
		await Promise.resolve();
	}
	// One more run, split by phase (same code path as scanAndPlan), for the breakdown.
	const t0 = performance.now();
	const candidates = vault.files.filter((f) => isCandidate(f.path, f.text));
	const t1 = performance.now();
	const notes = candidates.map((f) => parseFile(f.path, f.text));
	const t2 = performance.now();
	planJobs(notes, DEFAULT_SETTINGS, existing);
	const t3 = performance.now();
	const med = median(times);
	const met = med <= TARGET_MS;
	const mb = vault.bytes / 1024 / 1024;
	const markdown = [
		`Vault: ${NOTES.toLocaleString("en")} notes (${mb.toFixed(1)} MB of text), ${WITH_SHOTS.toLocaleString("en")} with shot blocks, ` +
			`${vault.shots.toLocaleString("en")} shots (${vault.invalid} deliberately invalid), seeded generator (seed 42). ` +
			`${vault.nestedNotes} of the shot notes nest one shot in a callout or a list item: remark parses those parts of the note, the line scan handles the rest.`,
		"",
		`Each run: \`scanAndPlan\` over every file — candidate filter, parse of the ${summary.candidates.toLocaleString("en")} candidates ` +
			`(front matter, fence scan and remark, YAML, validation), then the plan (prompts, hashes, paths, costs). ` +
			`Result: ${summary.jobs.toLocaleString("en")} jobs, ${summary.ready.toLocaleString("en")} ready, ${summary.invalid} invalid.`,
		"",
		"| Run | Time (ms) |",
		"|---|---|",
		...times.map((t, i) => `| ${i + 1}${i === 0 ? " (cold)" : ""} | ${t.toFixed(0)} |`),
		`| **Median** | **${med.toFixed(0)}** |`,
		"",
		`Throughput (median): ${Math.round(NOTES / (med / 1000)).toLocaleString("en")} notes/s, ${Math.round(vault.shots / (med / 1000)).toLocaleString("en")} shots/s.`,
		"",
		`Breakdown of one extra run: candidate filter ${(t1 - t0).toFixed(0)} ms, parse ${(t2 - t1).toFixed(0)} ms, plan ${(t3 - t2).toFixed(0)} ms.`,
		"",
		`Target ≤ ${TARGET_MS} ms median: **${met ? "met" : "NOT met"}** (${med.toFixed(0)} ms).`,
		"",
		"What made it fit: only candidate notes are parsed (a regex pre-filter); fences at column 0 are found by a line scan " +
			"that cuts the note into independent segments, and only segments with nested fences or HTML go to remark " +
			"(a differential test checks the scan against remark on random documents); one shared unified processor; " +
			"an int32 SHA-256 over a reused buffer. The first version, remark on every candidate note, took about 7 s.",
	].join("\n");
	return { title: "Parse: scan + parse + plan of a 10,000-note vault", markdown };
}
