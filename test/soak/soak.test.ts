/** The short chaos soak (the full one is `npm run soak`, figures in RELIABILITY.md). */
import { expect, it } from "vitest";
import { useBuiltCli } from "../e2e/use-cli";
import { runSoak } from "./soak";

const built = useBuiltCli();

it("short chaos soak: faults, a concurrent editor, SIGKILLs, two runs at once, lost journals, renamed notes, shots without id inserted and a full disk lose nothing and pay nothing twice", async () => {
	const r = await runSoak({
		cli: built.path,
		notes: 6,
		shots: 60,
		kills: 6,
		seed: 11,
		policyShots: 3,
		twoProcessEvery: 2,
		loseJournalEvery: 2,
		renameEvery: 3,
		insertEvery: 2,
		diskFullEvery: 3,
	});
	expect(r.kills).toBeGreaterThan(0);
	expect(r.duplicates).toBe(0);
	expect(r.missingVideos).toEqual([]);
	expect(r.corruptVideos).toEqual([]);
	expect(r.embedProblems).toEqual([]);
	expect(r.lostWriterBytes).toBe(0);
	expect(r.writerEdits).toBeGreaterThan(0);
	expect(r.leftoverTmp).toEqual([]);
	expect(r.policyProblems).toEqual([]);
	expect(r.expiredProblems).toEqual([]);
	expect(r.policyShots + r.expiredShots).toBeGreaterThan(0);
	expect(r.brokenJournals).toBe(0);
	// Every video the provider finished (its own record) is on disk; nothing lands outside the vault.
	expect(r.paidNotDownloaded).toEqual([]);
	expect(r.writesOutside).toEqual([]);
	// Stale links and stalled downloads really happened.
	expect(r.faults.stall ?? 0).toBeGreaterThan(0);
	expect(r.faults.expired ?? 0).toBeGreaterThan(0);
	// Two CLIs at once, and journals deleted between runs, really happened.
	expect(r.concurrentRounds).toBeGreaterThan(0);
	expect(r.journalsDeleted).toBeGreaterThan(0);
	// Notes renamed, shots without id: inserted above others, and a disk that filled up mid-run, really happened.
	expect(r.notesRenamed).toBeGreaterThan(0);
	expect(r.idlessInserted).toBeGreaterThan(0);
	expect(r.idlessShots).toBeGreaterThan(r.idlessInserted);
	expect(r.diskFullRounds).toBeGreaterThan(0);
	expect(r.leaks).toMatchObject({ key: 0, bearer: 0, signature: 0, files: [] });
	expect(r.leaks.scannedFiles).toBeGreaterThan(60);
	// The faults really happened.
	expect(Object.keys(r.faults).length).toBeGreaterThanOrEqual(4);
}, 240_000);
