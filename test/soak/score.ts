/**
 * Scores a soak from what the provider saw (the simulator's log and task table) and
 * what is on disk, never from the CLI's own report.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { isVideo } from "../../src/core/download";
import { JOURNAL_NAME, parseJournalText } from "../../src/core/journal";
import type { Simulator } from "../../src/sim/index";
import { listAll } from "../e2e/helpers";
import { scanTree } from "../security/leak-scan";
import type { Edit } from "./editor";
import { KEY, outputFolder, type Planned } from "./vault";

export interface Score {
	requests: number;
	duplicates: number;
	/** The shots created more often than they have takes. */
	duplicated: string[];
	missingVideos: string[];
	corruptVideos: string[];
	embedProblems: string[];
	lostWriterBytes: number;
	leftoverTmp: string[];
	policyProblems: string[];
	expiredProblems: string[];
	paidNotDownloaded: string[];
	writesOutside: string[];
	unresolved: string[];
	leaks: { key: number; bearer: number; signature: number; files: string[]; scannedFiles: number; scannedBytes: number };
	faults: Record<string, number>;
}

interface JournalView {
	entries: Record<string, { status: string; error?: string; outputPath?: string; remoteId?: string }>;
}

/** Created prompts carry the injected character id: a shot is matched by its unique tail. */
const tail = (prompt: string) => prompt.slice(prompt.indexOf("scene "));

/** The wiki embeds under the fence that holds `prompt` (up to the next fence); null when no fence holds it. */
function embedsUnder(text: string, prompt: string): string[] | null {
	const part = text
		.split(/^```shot\n/m)
		.slice(1)
		.find((p) => p.includes(`prompt: ${JSON.stringify(prompt)}\n`));
	return part === undefined ? null : [...part.matchAll(/^!\[\[([^\]]+)\]\]$/gm)].map((m) => m[1] as string);
}

export async function scoreSoak(a: {
	vault: string;
	parent: string;
	planned: Planned[];
	notes: string[];
	written: Edit[];
	sim: Simulator;
	outputs: string[];
}): Promise<Score> {
	const { vault, planned, sim } = a;
	const byTail = new Map(planned.map((p) => [tail(p.prompt), p]));
	const createsOf = new Map<Planned, number>();
	const createdPrompts = sim.createsByPrompt();
	let strangers = 0;
	for (const [prompt, n] of createdPrompts) {
		const p = byTail.get(tail(prompt));
		if (!p) strangers += n;
		else createsOf.set(p, (createsOf.get(p) ?? 0) + n);
	}
	let duplicates = strangers;
	const duplicated: string[] = [];
	for (const [p, n] of createsOf) {
		duplicates += Math.max(0, n - p.takes);
		if (n > p.takes) duplicated.push(`${p.note} ${p.id ?? "(no id)"} ${tail(p.prompt)}: ${n} creates for ${p.takes} take(s)`);
	}

	const all = await listAll(vault);
	const missingVideos: string[] = [];
	const corruptVideos: string[] = [];
	const embedProblems: string[] = [];
	const policyProblems: string[] = [];
	const expiredProblems: string[] = [];
	const unresolved: string[] = [];
	const noteText = new Map<string, string>();
	for (const n of a.notes) noteText.set(n, await fs.readFile(path.join(vault, n), "utf8"));
	const journals = new Map<string, JournalView>();
	const journalOf = async (folder: string): Promise<JournalView> => {
		let j = journals.get(folder);
		if (!j) {
			const text = await fs.readFile(path.join(vault, folder, JOURNAL_NAME), "utf8").catch(() => '{"entries":{}}');
			j = parseJournalText(text) as JournalView;
			journals.set(folder, j);
		}
		return j;
	};
	const madeFrom = new Map(sim.tasks().map((t) => [t.id, t.prompt] as const));
	/** The videos a planned shot has on disk, by take (id-less shots: the embeds under their fence). */
	const videosOf = new Map<Planned, string[]>();
	for (const p of planned) {
		const folder = outputFolder(p.note);
		const j = await journalOf(folder);
		const text = noteText.get(p.note) ?? "";
		const base = folder.slice(folder.lastIndexOf("/") + 1);
		if (!p.id) {
			// A shot without `id:`: exactly one embed under its own fence, a complete video,
			// and the journal ties that video to a task made from this very prompt.
			const embeds = embedsUnder(text, p.prompt)?.filter((l) => l.startsWith(`_assets/${base}/`)) ?? [];
			const file = embeds[0] === undefined ? undefined : `${path.posix.dirname(p.note)}/${embeds[0]}`.replace(/^\.\//, "");
			if (embeds.length !== p.takes) embedProblems.push(`${p.note} (no id) ${tail(p.prompt)}: ${embeds.length} embeds under its fence`);
			if (!file || !all.includes(file)) {
				missingVideos.push(`${p.note} (no id) ${tail(p.prompt)}`);
				continue;
			}
			videosOf.set(p, [file]);
			if (isVideo(new Uint8Array(await fs.readFile(path.join(vault, file)))) !== "mp4") corruptVideos.push(file);
			const entry = Object.values(j.entries).find((e) => e.outputPath === file);
			const made = entry?.remoteId ? madeFrom.get(entry.remoteId) : undefined;
			if (!made || tail(made) !== tail(p.prompt))
				embedProblems.push(`${file} is under the fence of ${tail(p.prompt)} but was made from ${made ? tail(made) : "no task"}`);
			continue;
		}
		const got: string[] = [];
		for (let take = 1; take <= p.takes; take++) {
			const file = `${folder}/${p.id}${take > 1 ? `.take${take}` : ""}.mp4`;
			const entry = j.entries[`${p.id}#${take}`];
			if (p.policy) {
				if (all.includes(file)) policyProblems.push(`${file} exists for a policy-failed shot`);
				if (entry?.status !== "failed" || !/polic|违反|moderat|safety|content/i.test(entry.error ?? ""))
					policyProblems.push(`${p.note} ${p.id}: journal ${entry?.status ?? "missing"} ${entry?.error ?? ""}`);
				continue;
			}
			if (p.expired) {
				if (all.includes(file)) expiredProblems.push(`${file} exists for an expired link`);
				if (entry?.status !== "expired") expiredProblems.push(`${p.note} ${p.id}: journal ${entry?.status ?? "missing"} ${entry?.error ?? ""}`);
				continue;
			}
			if (!all.includes(file)) {
				missingVideos.push(file);
				if (entry && entry.status !== "done") unresolved.push(`${file}: ${entry.status} ${entry.error ?? ""}`);
				continue;
			}
			got.push(file);
			if (isVideo(new Uint8Array(await fs.readFile(path.join(vault, file)))) !== "mp4") corruptVideos.push(file);
			const link = `![[_assets/${base}/${p.id}${take > 1 ? `.take${take}` : ""}.mp4]]`;
			const count = text.split(link).length - 1;
			if (count !== 1) embedProblems.push(`${p.note}: ${link} appears ${count} times`);
		}
		videosOf.set(p, got);
	}
	for (const p of planned.filter((x) => x.policy || x.expired)) {
		const n = createsOf.get(p) ?? 0;
		if (n !== p.takes) (p.policy ? policyProblems : expiredProblems).push(`${p.id}: submitted ${n} times for ${p.takes} take(s)`);
	}
	let lost = 0;
	for (const w of a.written) if (!(noteText.get(a.notes[w.note] as string) ?? "").includes(w.text)) lost += w.text.length;
	const leftoverTmp = all.filter((f) => f.endsWith(".tmp") || f.endsWith(".lock"));

	// Paid videos left undownloaded: tasks the provider finished (its own record) for shots that should have a video.
	const paidNotDownloaded: string[] = [];
	const finished = new Map<Planned, number>();
	for (const t of sim.tasks()) {
		const p = t.status === "succeeded" ? byTail.get(tail(t.prompt)) : undefined;
		if (p) finished.set(p, (finished.get(p) ?? 0) + 1);
	}
	for (const [p, n] of finished) {
		if (p.policy || p.expired) continue;
		const present = videosOf.get(p)?.length ?? 0;
		if (present < Math.min(n, p.takes))
			paidNotDownloaded.push(`${p.note} ${p.id ?? "(no id)"} ${tail(p.prompt)}: ${n} finished task(s), ${present} video(s) on disk`);
	}
	// Writes outside the vault: anything beside it (the linked note's `_assets` points there).
	const writesOutside = (await listAll(a.parent)).filter((f) => !f.startsWith("vault/"));
	if ([...createdPrompts.keys()].some((pr) => pr.includes("leads outside the vault")))
		writesOutside.push("a task was created for the note whose output folder leads outside the vault");

	// Secret-leak audit (the same scanner as test/security): every CLI output and every file left in the vault.
	const audit = await scanTree(KEY, vault, Object.fromEntries(a.outputs.map((o, i) => [`cli run ${i + 1} output`, o])));
	const leaks = {
		key: audit.leaks.filter((l) => l.what.startsWith("key")).length,
		bearer: audit.leaks.filter((l) => l.what === "Bearer header").length,
		signature: audit.leaks.filter((l) => l.what === "URL signature").length,
		files: [...new Set(audit.leaks.map((l) => l.where))],
		scannedFiles: audit.files,
		scannedBytes: audit.bytes,
	};
	const faults: Record<string, number> = {};
	for (const e of sim.log) {
		const f = (e as { fault?: string }).fault;
		if (f) faults[f] = (faults[f] ?? 0) + 1;
		// Every video body is throttled (slowDownloadBytesPerSec): count the slow downloads served.
		else if (e.route === "download" && e.status === 200) faults.slow = (faults.slow ?? 0) + 1;
	}
	return {
		requests: sim.log.length,
		duplicates,
		duplicated,
		missingVideos,
		corruptVideos,
		embedProblems,
		lostWriterBytes: lost,
		leftoverTmp,
		policyProblems,
		expiredProblems,
		paidNotDownloaded,
		writesOutside,
		unresolved,
		leaks,
		faults,
	};
}
