/**
 * A lost journal: what the run log knows is adopted, and a new create in a folder
 * that shows an earlier run is looked up at the provider first.
 */
import { describe, expect, it } from "vitest";
import type { JobEvent, JobState } from "../../../src/ports/events";
import { Journal } from "../../../src/core/journal";
import { Recovery } from "../../../src/core/run/recover";
import { readRunLog, RUN_LOG_NAME } from "../../../src/core/run/runlog";
import type { PlannedJob } from "../../../src/core/types";
import { VirtualClock } from "../../../src/clocks/virtual";
import { jobEvent, logLine, runStart } from "../../support/events";
import { plannedJob } from "../../support/jobs";
import { MemVault } from "../../support/mem-vault";

const FOLDER = "_assets/Ep";
const LOG = `${FOLDER}/${RUN_LOG_NAME}`;

const ev = (state: JobState, shotId: string, take: number, at: number, extra: Partial<JobEvent> = {}): string =>
	logLine(jobEvent({ at, shotId, take, state, ...extra }));

const job = (shotId: string, provider = "sorahk"): PlannedJob => plannedJob({ shotId, provider, promptHash: `now-${shotId}`, outputFolder: FOLDER });

const LOG_TEXT =
	[
		logLine(runStart({ at: 900, jobs: 4 })),
		ev("submitting", "s01", 1, 1000, { provider: "sorahk", model: "sora-2", promptHash: "old-s01" }),
		ev("queued", "s01", 1, 1001, { remoteId: "task-1" }),
		ev("downloading", "s01", 1, 5000, { remoteId: "task-1" }),
		ev("failed", "s01", 1, 5001, { remoteId: "task-1", message: "download failed 8 times" }),
		ev("submitting", "s02", 1, 1002),
		ev("queued", "s02", 1, 1003, { remoteId: "task-2" }),
		ev("done", "s02", 1, 6000, { remoteId: "task-2", outputPath: `${FOLDER}/s02.mp4` }),
		ev("submitting", "s03", 1, 1004),
		ev("failed", "s04", 1, 1005, { message: "reference image missing" }),
		"{ a line cut by a crash",
	].join("\n") + "\n";

describe("readRunLog", () => {
	it("folds each take's events: its task id, how far it got, and what was logged about it", async () => {
		const h = await readRunLog(new MemVault({ [LOG]: LOG_TEXT }), FOLDER);
		expect(h.firstAt).toBe(900);
		// The task finished and only its download failed: still there to fetch.
		expect(h.takes.get("s01#1")).toMatchObject({ remoteId: "task-1", status: "succeeded", firstAt: 1000, provider: "sorahk", promptHash: "old-s01" });
		expect(h.takes.get("s02#1")).toMatchObject({ remoteId: "task-2", status: "done" });
		// A create that was sent and never answered: no task id, still "submitting".
		expect(h.takes.get("s03#1")).toMatchObject({ status: "submitting" });
		expect(h.takes.get("s03#1")?.remoteId).toBeUndefined();
		// Failed before any create: nothing was paid, nothing to recover.
		expect(h.takes.has("s04#1")).toBe(false);
	});

	it("a missing log is an empty history", async () => {
		const h = await readRunLog(new MemVault(), FOLDER);
		expect(h.takes.size).toBe(0);
		expect(h.firstAt).toBeNull();
	});
});

describe("Recovery", () => {
	it("a missing journal gets the run log's task ids, so they are polled instead of submitted", async () => {
		const v = new MemVault({ [LOG]: LOG_TEXT });
		const r = new Recovery(v, new VirtualClock(), "generate");
		const j = await Journal.open(v, FOLDER, "Ep.md");
		for (const id of ["s01", "s02", "s03"]) await r.recoverShot(j, job(id));
		expect(r.adopted).toBe(3);
		expect(j.get("s01", 1)).toMatchObject({ remoteId: "task-1", status: "succeeded", recovered: "run-log", promptHash: "old-s01" });
		// Logs from before prompt hashes were logged: taken as the current prompt's.
		expect(j.get("s02", 1)).toMatchObject({ remoteId: "task-2", status: "done", promptHash: "now-s02" });
		expect(j.get("s03", 1)).toMatchObject({ status: "submitting", submittedAt: 1004 });
		// And it is written down at once, marked as rebuilt (a later run keeps asking the provider for the rest).
		expect(v.files.get(`${FOLDER}/cineflow-jobs.md`)).toContain("task-1");
		expect((await Journal.open(v, FOLDER, "Ep.md")).rebuilt).toBe(true);
	});

	it("a journal that exists is trusted as it is", async () => {
		const v = new MemVault({ [LOG]: LOG_TEXT });
		const j0 = await Journal.open(v, FOLDER, "Ep.md");
		await j0.update(
			"s09",
			1,
			{ status: "done", updatedAt: 1 },
			{ shotId: "s09", take: 1, provider: "sorahk", model: "m", promptHash: "h", outputPath: `${FOLDER}/s09.mp4` },
		);
		const j = await Journal.open(v, FOLDER, "Ep.md");
		const r = new Recovery(v, new VirtualClock(), "generate");
		await r.recoverShot(j, job("s01"));
		expect(j.get("s01", 1)).toBeUndefined();
		expect(await r.lookupFirst(j, job("s05"), { kind: "submit" }, new Map())).toEqual({ kind: "submit" });
	});

	it("a new create where a journal was lost is looked up first when the provider lists its tasks", async () => {
		const v = new MemVault({ [LOG]: LOG_TEXT });
		const clock = new VirtualClock();
		const j = await Journal.open(v, FOLDER, "Ep.md");
		const r = new Recovery(v, clock, "generate");
		expect(await r.lookupFirst(j, job("s05"), { kind: "submit" }, new Map())).toEqual({ kind: "ambiguous", since: 900 });
		// A provider without a task list: nothing to ask, the create goes ahead.
		expect(await r.lookupFirst(j, job("s05", "veo"), { kind: "submit" }, new Map())).toEqual({ kind: "submit" });
		// Resume never creates; a dry run prices the create.
		expect(await new Recovery(v, clock, "resume").lookupFirst(j, job("s05"), { kind: "submit" }, new Map())).toEqual({ kind: "submit" });
		expect(await new Recovery(v, clock, "dry-run").lookupFirst(j, job("s05"), { kind: "submit" }, new Map())).toEqual({ kind: "submit" });
	});

	it("no run log but videos in the folder: still looked up first, over the last day", async () => {
		const v = new MemVault();
		const clock = new VirtualClock();
		const j = await Journal.open(v, FOLDER, "Ep.md");
		const r = new Recovery(v, clock, "generate");
		const existing = new Map([[`${FOLDER}/s01.mp4`, 1000]]);
		expect(await r.lookupFirst(j, job("s02"), { kind: "submit" }, existing)).toEqual({ kind: "ambiguous", since: clock.now() - 24 * 3600_000 });
		// A brand-new note (nothing in its folder but, perhaps, a run lock) is simply submitted.
		const fresh = await Journal.open(new MemVault(), FOLDER, "Ep.md");
		expect(await r.lookupFirst(fresh, job("s02"), { kind: "submit" }, new Map())).toEqual({ kind: "submit" });
		expect(await r.lookupFirst(fresh, job("s02"), { kind: "submit" }, new Map([[`${FOLDER}/.cineflow-run.lock`, 200]]))).toEqual({ kind: "submit" });
	});

	it("a journal that replaced a lost one keeps asking in later runs, after a killed run rewrote it without the take", async () => {
		const v = new MemVault({ [LOG]: LOG_TEXT });
		const clock = new VirtualClock();
		// Run 1: the journal is gone; its first create is looked up, and the new journal says it was rebuilt.
		const j1 = await Journal.open(v, FOLDER, "Ep.md");
		expect(await new Recovery(v, clock, "generate").lookupFirst(j1, job("s05"), { kind: "submit" }, new Map())).toMatchObject({ kind: "ambiguous" });
		await j1.update(
			"s05",
			1,
			{ status: "submitting", updatedAt: 1 },
			{ shotId: "s05", take: 1, provider: "sorahk", model: "sora-2", promptHash: "h", outputPath: `${FOLDER}/s05.mp4` },
		);
		// Killed here. Run 2 finds a journal (run 1's) that knows nothing of s06, and the run log is gone too.
		v.files.delete(LOG);
		const j2 = await Journal.open(v, FOLDER, "Ep.md");
		expect(j2.existed).toBe(true);
		expect(j2.rebuilt).toBe(true);
		expect(await new Recovery(v, clock, "generate").lookupFirst(j2, job("s06"), { kind: "submit" }, new Map())).toMatchObject({ kind: "ambiguous" });
		// A journal that was never lost trusts itself.
		const pv = new MemVault();
		const p0 = await Journal.open(pv, FOLDER, "Ep.md");
		await p0.update(
			"s05",
			1,
			{ status: "submitting", updatedAt: 1 },
			{ shotId: "s05", take: 1, provider: "sorahk", model: "sora-2", promptHash: "h", outputPath: `${FOLDER}/s05.mp4` },
		);
		const plain = await Journal.open(pv, FOLDER, "Ep.md");
		expect(plain.rebuilt).toBe(false);
		expect(await new Recovery(pv, clock, "generate").lookupFirst(plain, job("s06"), { kind: "submit" }, new Map())).toEqual({ kind: "submit" });
	});
});
