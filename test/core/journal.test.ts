/**
 * The journal's file: merged writes (two runs never drop each other's entries),
 * the synced Markdown form, migration of the legacy dot-file, and the hook that
 * stops a create when the run lost its lock.
 */
import { describe, expect, it } from "vitest";
import { Journal, JournalError, JOURNAL_NAME, LEGACY_JOURNAL_NAMES, parseJournalText, type JournalData, type JournalEntry } from "../../src/core/journal";
import { MemVault } from "../support/mem-vault";

const FOLDER = "Film/_assets/Ep";
const PATH = `${FOLDER}/${JOURNAL_NAME}`;
const LEGACY = `${FOLDER}/.cineflow-jobs.json`;

function base(shotId: string, take = 1) {
	return { shotId, take, provider: "sorahk", model: "sora-2", promptHash: `h-${shotId}`, outputPath: `${FOLDER}/${shotId}.mp4` };
}

function entry(shotId: string, patch: Partial<JournalEntry> = {}): JournalEntry {
	return { ...base(shotId), status: "submitted", attempts: 1, requestIds: [], updatedAt: 1, ...patch };
}

function onDisk(v: MemVault, path = PATH): JournalData {
	return parseJournalText(v.files.get(path) ?? "") as JournalData;
}

describe("journal writes merge", () => {
	it("two writers on one journal keep every entry either wrote", async () => {
		const v = new MemVault();
		const a = await Journal.open(v, FOLDER, "Film/Ep.md");
		const b = await Journal.open(v, FOLDER, "Film/Ep.md");
		await a.update("s01", 1, { status: "submitted", remoteId: "t1", updatedAt: 1 }, base("s01"));
		await b.update("s02", 1, { status: "submitted", remoteId: "t2", updatedAt: 2 }, base("s02"));
		await a.update("s03", 1, { status: "submitting", updatedAt: 3 }, base("s03"));
		expect(Object.keys(onDisk(v).entries).sort()).toEqual(["s01#1", "s02#1", "s03#1"]);
		// Each writer also sees the other's entries after its next write.
		expect(a.get("s02", 1)?.remoteId).toBe("t2");
	});

	it("a paid task on disk is never replaced by an entry that knows none", async () => {
		const v = new MemVault();
		const a = await Journal.open(v, FOLDER, "Film/Ep.md");
		const b = await Journal.open(v, FOLDER, "Film/Ep.md");
		await a.update("s01", 1, { status: "submitting", updatedAt: 1 }, base("s01"));
		await b.update("s01", 1, { status: "submitted", remoteId: "t-b", updatedAt: 2 }, base("s01"));
		await a.update("s01", 1, { status: "unknown", error: "timeout", updatedAt: 3 });
		expect(onDisk(v).entries["s01#1"]?.remoteId).toBe("t-b");
	});

	it("two tasks for one take: ours is kept and theirs is recorded, not lost", async () => {
		const v = new MemVault();
		const a = await Journal.open(v, FOLDER, "Film/Ep.md");
		const b = await Journal.open(v, FOLDER, "Film/Ep.md");
		await b.update("s01", 1, { status: "submitted", remoteId: "t-b", updatedAt: 1 }, base("s01"));
		await a.update("s01", 1, { status: "submitted", remoteId: "t-a", updatedAt: 2 }, base("s01"));
		const e = onDisk(v).entries["s01#1"];
		expect(e?.remoteId).toBe("t-a");
		expect(e?.supersededRemoteIds).toEqual(["t-b"]);
	});

	it("a journal made unreadable meanwhile is kept beside it, not overwritten unseen", async () => {
		const v = new MemVault();
		const j = await Journal.open(v, FOLDER, "Film/Ep.md");
		await j.update("s01", 1, { status: "submitted", remoteId: "t1", updatedAt: 1 }, base("s01"));
		v.files.set(PATH, "<<<<<<< conflict\n{ broken");
		await j.update("s02", 1, { status: "submitting", updatedAt: 2 }, base("s02"));
		expect(v.files.get(`${FOLDER}/cineflow-jobs.unreadable-1.txt`)).toBe("<<<<<<< conflict\n{ broken");
		expect(Object.keys(onDisk(v).entries).sort()).toEqual(["s01#1", "s02#1"]);
	});
});

describe("journal file form (syncs with default settings)", () => {
	it("is a Markdown note without a leading dot, holding the data in a json block", async () => {
		expect(JOURNAL_NAME.startsWith(".")).toBe(false);
		expect(JOURNAL_NAME.endsWith(".md")).toBe(true);
		const v = new MemVault();
		const j = await Journal.open(v, FOLDER, "Film/Ep.md");
		await j.update("s01", 1, { status: "submitted", remoteId: "t1", updatedAt: 1 }, base("s01"));
		const text = v.files.get(PATH) ?? "";
		expect(text).toMatch(/^# CineFlow job journal\n/);
		expect(text).toContain("\n```json\n");
		expect(onDisk(v).entries["s01#1"]?.remoteId).toBe("t1");
		// Line endings changed by a sync client (git autocrlf) still read.
		expect((parseJournalText(text.replace(/\n/g, "\r\n")) as JournalData).entries["s01#1"]?.remoteId).toBe("t1");
	});

	it("a file with neither a json block nor JSON is a JournalError naming it", async () => {
		const v = new MemVault({ [PATH]: "# notes\n\nsomething else" });
		await expect(Journal.open(v, FOLDER, "Film/Ep.md")).rejects.toThrow(JournalError);
		await expect(Journal.open(v, FOLDER, "Film/Ep.md")).rejects.toThrow(new RegExp(`^${PATH}: `));
	});
});

describe("migrating the legacy .cineflow-jobs.json", () => {
	const legacy = (entries: Record<string, JournalEntry>) => JSON.stringify({ version: 1, note: "Film/Ep.md", entries });

	it("is merged into the new journal on first open, then removed; nothing is lost", async () => {
		expect(LEGACY_JOURNAL_NAMES).toContain(".cineflow-jobs.json");
		const v = new MemVault({ [LEGACY]: legacy({ "s01#1": entry("s01", { remoteId: "t1" }), "s02#1": entry("s02", { status: "done", remoteId: "t2" }) }) });
		const j = await Journal.open(v, FOLDER, "Film/Ep.md");
		expect(j.migrated).toEqual([LEGACY]);
		expect(j.existed).toBe(true);
		expect(v.files.has(LEGACY)).toBe(false);
		const e = onDisk(v).entries;
		expect(e["s01#1"]?.remoteId).toBe("t1");
		expect(e["s02#1"]?.status).toBe("done");
	});

	it("when both exist (another device already migrated), the union is kept", async () => {
		const v = new MemVault({ [LEGACY]: legacy({ "s01#1": entry("s01", { remoteId: "t1" }), "s02#1": entry("s02", { status: "submitting" }) }) });
		// The synced journal knows s02's task and s03; the local legacy file knows s01.
		const synced: JournalData = {
			version: 1,
			note: "Film/Ep.md",
			entries: { "s02#1": entry("s02", { remoteId: "t2" }), "s03#1": entry("s03", { remoteId: "t3" }) },
		};
		v.files.set(PATH, "```json\n" + JSON.stringify(synced) + "\n```\n");
		await Journal.open(v, FOLDER, "Film/Ep.md");
		const e = onDisk(v).entries;
		expect(Object.keys(e).sort()).toEqual(["s01#1", "s02#1", "s03#1"]);
		expect(e["s02#1"]?.remoteId).toBe("t2");
		expect(v.files.has(LEGACY)).toBe(false);
	});

	it("a dry run (read-only) merges in memory and writes nothing", async () => {
		const v = new MemVault({ [LEGACY]: legacy({ "s01#1": entry("s01", { remoteId: "t1" }) }) });
		const j = await Journal.open(v, FOLDER, "Film/Ep.md", { readOnly: true });
		expect(j.get("s01", 1)?.remoteId).toBe("t1");
		await j.update("s02", 1, { status: "submitting", updatedAt: 1 }, base("s02"));
		expect(v.writes).toEqual([]);
		expect(v.files.has(LEGACY)).toBe(true);
	});

	it("an unreadable legacy journal still blocks the note (it may be the only record of paid tasks)", async () => {
		const v = new MemVault({ [LEGACY]: "{ not json" });
		await expect(Journal.open(v, FOLDER, "Film/Ep.md")).rejects.toThrow(new RegExp(`^${LEGACY.replace(/\./g, "\\.")}: `));
		expect(v.files.get(LEGACY)).toBe("{ not json");
	});
});

describe("the lock check before a create", () => {
	it("is awaited before 'submitting' is written; when it throws nothing is written", async () => {
		const v = new MemVault();
		let held = true;
		const j = await Journal.open(v, FOLDER, "Film/Ep.md", {
			beforeSubmit: () => (held ? Promise.resolve() : Promise.reject(new Error("lock lost"))),
		});
		await j.update("s01", 1, { status: "submitting", updatedAt: 1 }, base("s01"));
		held = false;
		await expect(j.update("s02", 1, { status: "submitting", updatedAt: 2 }, base("s02"))).rejects.toThrow("lock lost");
		// A task that exists is always recorded, lock or not.
		await j.update("s01", 1, { status: "submitted", remoteId: "t1", updatedAt: 3 });
		expect(Object.keys(onDisk(v).entries)).toEqual(["s01#1"]);
		expect(onDisk(v).entries["s01#1"]?.remoteId).toBe("t1");
	});
});
