/** The sweep of empty output-folder shells an interrupted adoption leaves (src/core/run/shells.ts). */
import { describe, expect, it } from "vitest";
import type { LockResult, RunLockPort } from "../../../src/ports/lock";
import { sweepShells } from "../../../src/core/run/shells";
import { MemVault } from "../../support/mem-vault";

/** MemVault with folders that can be removed only when empty. */
class MemoryVault extends MemVault {
	removeFolder(p: string): Promise<void> {
		if ([...this.files.keys()].some((f) => f.startsWith(p + "/"))) return Promise.reject(new Error(`${p} is not empty`));
		return Promise.resolve();
	}
}

/** A lock port over the vault: a lock file whose run id starts with "live" is held by a live run. */
function locks(vault: MemoryVault): RunLockPort & { taken: string[] } {
	const taken: string[] = [];
	return {
		taken,
		async acquire(path, runId): Promise<LockResult> {
			const text = await vault.read(path);
			if (text?.startsWith("live")) return { ok: false, holder: null };
			taken.push(path);
			await vault.writeText(path, runId);
			return { ok: true, waitedMs: 0, lock: { path, stillHeld: async () => true, release: () => vault.remove(path) } };
		},
	};
}

const NOTES = [{ path: "Ep/Show.md", outputFolder: "Ep/_assets/Show" }];

describe("sweepShells", () => {
	it("removes a folder beside the note's that holds only a dead run's lock and temp files", async () => {
		const v = new MemoryVault({
			"Ep/Show.md": "# Show",
			"Ep/_assets/Show/s01.mp4": "video",
			"Ep/_assets/Old/.cineflow-run.lock": "dead",
			"Ep/_assets/Old/cineflow-jobs.md.tmp": "half",
			// A run log that records no job (a full disk let nothing but its first bytes through).
			"Ep/_assets/Old/.cineflow-run.ndjson": '{"type":"warning","message":"x"}\n{"type":"job","sh',
			"Ep/_assets/Older/.cineflow-run.ndjson": "",
		});
		const removed = await sweepShells({ vault: v, locks: locks(v), runId: "r1" }, NOTES);
		expect(removed).toEqual(["Ep/_assets/Old", "Ep/_assets/Older"]);
		expect((await v.listFiles("Ep")).sort()).toEqual(["Ep/Show.md", "Ep/_assets/Show/s01.mp4"]);
	});

	it("leaves a shell whose lock a live run holds, a folder with anything else in it, and a folder named after a note", async () => {
		const v = new MemoryVault({
			"Ep/Show.md": "# Show",
			"Ep/New.md": "# New",
			"Ep/_assets/Live/.cineflow-run.lock": "live run",
			"Ep/_assets/Kept/.cineflow-run.lock": "dead",
			"Ep/_assets/Kept/s01.mp4": "video",
			// A run log that records a paid task is never swept (a renamed note's folder whose journal was lost).
			"Ep/_assets/Logged/.cineflow-run.ndjson":
				'{"type":"job","shotId":"s01","take":1,"state":"queued","remoteId":"t1","notePath":"Ep/Gone.md","at":1}\n',
			"Ep/_assets/New/.cineflow-run.lock": "dead",
			"Ep/_assets/Show/.cineflow-run.lock": "dead",
		});
		const before = (await v.listFiles("Ep")).sort();
		const port = locks(v);
		expect(await sweepShells({ vault: v, locks: port, runId: "r1" }, NOTES)).toEqual([]);
		expect((await v.listFiles("Ep")).sort()).toEqual(before);
		// Only the live shell's lock was even asked for; the others are not shells of anybody's.
		expect(port.taken).toEqual([]);
	});

	it("never lists or removes through a folder that leads outside the vault", async () => {
		const v = new MemoryVault({ "Ep/Show.md": "# Show", "Ep/_assets/Old/x.tmp": "t" });
		Object.assign(v, { outsideVault: async (p: string) => (p === "Ep/_assets" ? "/elsewhere" : null) });
		expect(await sweepShells({ vault: v, locks: locks(v), runId: "r1" }, NOTES)).toEqual([]);
		expect(await v.listFiles("Ep")).toContain("Ep/_assets/Old/x.tmp");
	});
});
