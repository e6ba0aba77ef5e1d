/**
 * Never lose a paid video at delivery: a link that only looks expired is fetched
 * anyway, a refused link is replaced by a fresh one, and a stalled download ends
 * and is tried again. Measured from the simulator's request log and the disk.
 */
import { afterEach, describe, expect, it } from "vitest";
import { promises as fs } from "node:fs";
import path from "node:path";
import { isVideo } from "../../src/core/download";
import { JOURNAL_NAME, parseJournalText } from "../../src/core/journal";
import type { Clock } from "../../src/ports/clock";
import { creates, generate, listAll, shot, startSim, tempVault, type Harness } from "./helpers";

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
});

const HOUR = 3600_000;

/** The harness clock, but `skewMs` ahead (a client whose clock is wrong by hours). */
function skewed(clock: Clock, skewMs: number): Clock {
	return { now: () => clock.now() + skewMs, sleep: (ms, signal) => clock.sleep(ms, signal) };
}

async function journal(vault: string, folder: string): Promise<{ entries: Record<string, { status: string }> }> {
	return parseJournalText(await fs.readFile(path.join(vault, folder, JOURNAL_NAME), "utf8")) as { entries: Record<string, { status: string }> };
}

async function videos(vault: string): Promise<string[]> {
	return (await listAll(vault)).filter((f) => f.endsWith(".mp4"));
}

function downloads(h: Harness) {
	return h.sim.log.filter((e) => e.route === "download");
}

describe("expired-looking links", () => {
	it("a client clock 3 h ahead (the link's se= looks 2 h past) still downloads: only the server's answer counts", async () => {
		h = await startSim({ urlTtlMs: HOUR });
		const vault = await tempVault({ "Ep.md": shot("s01", "Clock skew shot") + shot("s02", "Clock skew shot two") });
		const r = await generate(h, vault, "Ep.md", ["--json"], { clock: skewed(h.clock, 3 * HOUR) });
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(2);
		expect(downloads(h).filter((e) => e.status === 200)).toHaveLength(2);
		expect(await videos(vault)).toEqual(["_assets/Ep/s01.mp4", "_assets/Ep/s02.mp4"]);
	});

	it("a link the server refuses (403) is replaced by a fresh one from a new poll; nothing is generated again", async () => {
		h = await startSim({ staleLinks: { count: 2 } });
		const vault = await tempVault({ "Ep.md": shot("s01", "Stale link shot") });
		const r = await generate(h, vault, "Ep.md", ["--json"]);
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(1);
		const dl = downloads(h);
		expect(dl.filter((e) => e.fault === "expired" && e.status === 403)).toHaveLength(2);
		expect(dl.at(-1)?.status).toBe(200);
		const j = await journal(vault, "_assets/Ep");
		expect(j.entries["s01#1"]?.status).toBe("done");
		expect(isVideo(new Uint8Array(await fs.readFile(path.join(vault, "_assets/Ep/s01.mp4"))))).toBe("mp4");
	});

	it("'expired' only when the provider no longer serves the video: every fresh link refused too", async () => {
		h = await startSim({ urlTtlMs: 1 });
		const vault = await tempVault({ "Ep.md": shot("s01", "Gone video shot") });
		const r = await generate(h, vault, "Ep.md", ["--json"]);
		expect(r.code).toBe(1);
		expect(creates(h)).toBe(1);
		// The first link and three fresh ones were tried on the server before giving up.
		expect(downloads(h).filter((e) => e.status === 403)).toHaveLength(4);
		const j = await journal(vault, "_assets/Ep");
		expect(j.entries["s01#1"]?.status).toBe("expired");
	});
});

describe("stalled downloads", () => {
	it("headers withheld: the no-progress limit ends the attempt and the next one succeeds", async () => {
		h = await startSim({ stallDownloads: { count: 2, mode: "headers" } });
		const vault = await tempVault({ "Ep.md": shot("s01", "Stalled headers shot") });
		const r = await generate(h, vault, "Ep.md", ["--json"], { downloadLimits: { idleMs: 200 } });
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(1);
		expect(downloads(h).filter((e) => e.fault === "stall")).toHaveLength(2);
		expect(await videos(vault)).toEqual(["_assets/Ep/s01.mp4"]);
		expect((await listAll(vault)).some((f) => f.endsWith(".tmp"))).toBe(false);
	});

	it("1 byte per second: never idle, so the overall limit (scaled with size) ends it; the retry succeeds", async () => {
		h = await startSim({ stallDownloads: { count: 1, mode: "trickle" } });
		const vault = await tempVault({ "Ep.md": shot("s01", "Trickle shot") });
		const r = await generate(h, vault, "Ep.md", ["--json"], { downloadLimits: { idleMs: 5000, baseMs: 400, minBytesPerSecond: 1e12 } });
		expect(r.code).toBe(0);
		expect(creates(h)).toBe(1);
		expect(downloads(h).filter((e) => e.fault === "stall")).toHaveLength(1);
		expect(await videos(vault)).toEqual(["_assets/Ep/s01.mp4"]);
	});
});

describe("temp files an interrupted run left", () => {
	it("are removed by the run's explicit clean-up step (with a warning), never by a dry run's scan", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "Temp file shot"), "_assets/Ep/s01.mp4.tmp": "partial" });
		const dry = await generate(h, vault, "Ep.md", ["--dry-run"]);
		expect(dry.code).toBe(0);
		expect(await listAll(vault)).toContain("_assets/Ep/s01.mp4.tmp");
		const r = await generate(h, vault, "Ep.md");
		expect(r.code).toBe(0);
		expect(r.err).toContain("removed _assets/Ep/s01.mp4.tmp, left by an interrupted run");
		expect(await videos(vault)).toEqual(["_assets/Ep/s01.mp4"]);
		expect((await listAll(vault)).some((f) => f.endsWith(".tmp"))).toBe(false);
	});
});
