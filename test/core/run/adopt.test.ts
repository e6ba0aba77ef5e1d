/** Adoption of a renamed note's output folder (src/core/run/adopt.ts), at the core level. */
import { describe, expect, it } from "vitest";
import { sayText } from "../../../src/core/i18n";
import { adoptRenamedFolders } from "../../../src/core/run/adopt";
import { parseJournalText } from "../../../src/core/journal";
import { planJobs } from "../../../src/core/plan";
import { scanTarget } from "../../../src/core/run/gather";
import { MemVault } from "../../support/mem-vault";
import { testSettings } from "../../support/settings";

const NOTE = '# Ep\n\n```shot\nid: a1\nprompt: "First"\n```\n\n```shot\nid: a2\nprompt: "Second"\n```\n';
const job = (shotId: string, state: string, extra = "") =>
	`{"run":"r0","type":"job","at":1,"key":"Ep/Old.md::${shotId}::1","notePath":"Ep/Old.md","shotId":"${shotId}","take":1,"state":"${state}"${extra}}\n`;

class FolderVault extends MemVault {
	removeFolder(): Promise<void> {
		return Promise.resolve();
	}
}

async function adopt(files: Record<string, string>) {
	const vault = new FolderVault(files);
	const settings = testSettings();
	const scan = await scanTarget(vault, "Ep/New.md", settings);
	const plan = planJobs(scan.notes, settings, new Map());
	const warnings: string[] = [];
	const result = await adoptRenamedFolders(
		{ vault, dryRun: false, runId: "r1", embedLine: (v) => `![[${v}]]`, warn: (m) => warnings.push(sayText(m)) },
		plan,
		scan.existing,
	);
	return { vault, result, warnings };
}

/** The prompt hash the plan gives shot `id` of NOTE. */
async function hashOf(id: string): Promise<string> {
	const settings = testSettings();
	const scan = await scanTarget(new MemVault({ "Ep/New.md": NOTE }), "Ep/New.md", settings);
	return planJobs(scan.notes, settings, new Map()).jobs.find((j) => j.shotId === id)?.promptHash ?? "";
}

describe("a renamed note's journal", () => {
	it("moves with the videos and then names the renamed note and the videos' new paths", async () => {
		const { renderJournal } = await import("../../../src/core/journal-file");
		const entry = {
			shotId: "a1",
			take: 1,
			status: "done" as const,
			provider: "sorahk",
			model: "sora-2",
			promptHash: await hashOf("a1"),
			outputPath: "Ep/_assets/Old/a1.mp4",
			remoteId: "t1",
			attempts: 1,
			requestIds: [],
			submittedAt: 1,
			updatedAt: 2,
		};
		const journal = renderJournal({ version: 1, note: "Ep/Old.md", entries: { "a1#1": entry } });
		const { vault, result } = await adopt({ "Ep/New.md": NOTE, "Ep/_assets/Old/cineflow-jobs.md": journal, "Ep/_assets/Old/a1.mp4": "video" });
		expect(result.adoptions).toHaveLength(1);
		const moved = parseJournalText(vault.files.get("Ep/_assets/New/cineflow-jobs.md") ?? "") as {
			note: string;
			entries: Record<string, { outputPath: string; remoteId: string }>;
		};
		expect(moved.note).toBe("Ep/New.md");
		expect(moved.entries["a1#1"]).toMatchObject({ outputPath: "Ep/_assets/New/a1.mp4", remoteId: "t1" });
		expect(vault.files.has("Ep/_assets/New/a1.mp4")).toBe(true);
	});
});

describe("a renamed note whose journal was lost too", () => {
	it("is known by its run log: the log moves into the note's folder (where recovery reads its task ids)", async () => {
		const log = job("a1", "submitting", `,"promptHash":"${await hashOf("a1")}"`) + job("a1", "queued", ',"remoteId":"t1"');
		const { vault, result } = await adopt({ "Ep/New.md": NOTE, "Ep/_assets/Old/.cineflow-run.ndjson": log, "Ep/_assets/Old/a2.mp4": "video" });
		expect(result.adoptions.map((a) => [a.from, a.to])).toEqual([["Ep/_assets/Old", "Ep/_assets/New"]]);
		expect(vault.files.get("Ep/_assets/New/.cineflow-run.ndjson")).toBe(log);
		expect(vault.files.has("Ep/_assets/New/a2.mp4")).toBe(true);
		expect([...vault.files.keys()].filter((f) => f.startsWith("Ep/_assets/Old/"))).toEqual([]);
	});

	it("a log that names the shots only by id (a full disk cut the rest) is adopted too, so the next create asks the task list first", async () => {
		const { vault, result } = await adopt({ "Ep/New.md": NOTE, "Ep/_assets/Old/.cineflow-run.ndjson": job("a1", "pending") + job("a2", "pending") });
		expect(result.adoptions).toHaveLength(1);
		expect(vault.files.get("Ep/_assets/New/.cineflow-run.ndjson")).toContain('"shotId":"a2"');
	});

	it("merges the orphan's log before the one this run already started in the note's folder", async () => {
		const older = job("a1", "submitting", `,"promptHash":"${await hashOf("a1")}"`);
		const newer = '{"run":"r1","type":"warning","at":2,"message":"took over a lock"}\n';
		const { vault } = await adopt({ "Ep/New.md": NOTE, "Ep/_assets/Old/.cineflow-run.ndjson": older, "Ep/_assets/New/.cineflow-run.ndjson": newer });
		expect(vault.files.get("Ep/_assets/New/.cineflow-run.ndjson")).toBe(older + newer);
	});

	it("a log of other shots, or of a note that still exists, is not adopted", async () => {
		const other = await adopt({ "Ep/New.md": NOTE, "Ep/_assets/Old/.cineflow-run.ndjson": job("zz", "pending") });
		expect(other.result.adoptions).toEqual([]);
		const alive = await adopt({ "Ep/New.md": NOTE, "Ep/Old.md": NOTE, "Ep/_assets/Old/.cineflow-run.ndjson": job("a1", "pending") });
		expect(alive.result.adoptions).toEqual([]);
	});
});
