/**
 * Hostile names never write outside the note's output folder: shot ids, note names
 * and output settings with `../`, absolute paths, `C:\`, device names (CON, NUL,
 * COM1, LPT1), 300+ character names and Unicode tricks (RTL override, fullwidth
 * solidus, NFD/NFC twins, trailing dots and spaces). Checked on the pure path code
 * (resolved under POSIX and Windows roots) and on the Node vault adapter.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FsVault } from "../../src/cli/fs-vault";
import { applyEmbed, embedRecognizer } from "../../src/core/patch";
import { parseFile, parseMarkdown } from "../../src/core/parse";
import { outputFolderFor, outputPathFor, referenceFor, resolveInVault, sanitizeSegment } from "../../src/core/paths";
import { planJobs } from "../../src/core/plan";
import { TEST_SETTINGS } from "../support/settings";

export const HOSTILE_NAMES = [
	"../escape",
	"../../../../etc/passwd",
	"..",
	".",
	"...",
	"/etc/passwd",
	"\\\\server\\share\\x",
	"C:\\Windows\\System32\\evil",
	"C:",
	"c:..\\x",
	"CON",
	"con.txt",
	"NUL",
	"nul.tar.gz",
	"COM1",
	"LPT1",
	"LPT¹",
	"CONIN$",
	"AUX ",
	"x".repeat(300),
	"長".repeat(300),
	"🎬".repeat(200),
	"evil\u202Egnp.mp4",
	"a\u200Bb",
	"\uFEFFbom",
	"Ｆｏｏ／ｂａｒ",
	"a\uFF0F..\uFF0F..\uFF0Fb",
	"a\u2215..\u2215b",
	"Cafe\u0301",
	"Café",
	"trailing. . .",
	"trailing   ",
	"  leading",
	".hidden",
	'a:b*c?d"e<f>g|h',
	"new\nline",
	"tab\tname",
	"\u0000nul-char",
	"#^[]|",
	"",
];

const SAFE_SEGMENT = (s: string) =>
	s.length > 0 &&
	s !== "." &&
	s !== ".." &&
	!/[<>:"/\\|?*\u0000-\u001F]/.test(s) &&
	!s.startsWith(".") &&
	!/[. ]$/.test(s) &&
	!/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i.test(s.trim()) &&
	!/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/.test(s) &&
	s === s.normalize("NFC");

function checkOutput(notePath: string, output: string, shotId: string, take: number): void {
	const noteFolder = notePath.includes("/") ? notePath.slice(0, notePath.lastIndexOf("/")) : "";
	const folder = outputFolderFor(notePath, output);
	const file = outputPathFor(folder, shotId, take);
	const prefix = noteFolder ? noteFolder + "/" : "";
	expect(file.startsWith(prefix), file).toBe(true);
	const rest = file.slice(prefix.length).split("/");
	// <output>/<note stem>/<file>: exactly three safe segments under the note's folder.
	expect(rest, file).toHaveLength(3);
	for (const seg of rest) expect(SAFE_SEGMENT(seg), JSON.stringify(seg)).toBe(true);
	expect(rest[2]?.endsWith(".mp4")).toBe(true);
	for (const seg of rest) expect(new TextEncoder().encode(seg).length).toBeLessThanOrEqual(255);
	// Resolved on real file systems, it stays in the note's output folder.
	const posix = path.posix.resolve("/vault", file);
	expect(posix.startsWith(path.posix.join("/vault", prefix, rest[0] ?? "", rest[1] ?? "") + "/")).toBe(true);
	const win = path.win32.resolve("C:\\vault", file);
	expect(win.toLowerCase().startsWith(path.win32.join("C:\\vault", prefix, rest[0] ?? "", rest[1] ?? "").toLowerCase() + "\\")).toBe(true);
	expect(() => new FsVault("/tmp/cineflow-vault-root").abs(file)).not.toThrow();
}

describe("paths (core): hostile names stay in the note's output folder", () => {
	it.each(HOSTILE_NAMES.map((n) => [JSON.stringify(n).slice(0, 40), n] as const))("note, output and shot id %s", (_label, name) => {
		for (const take of [1, 2, 10]) {
			const noteName = name.replace(/\//g, "");
			checkOutput(`Film/${noteName}.md`, "_assets", "s01", take);
			checkOutput(`Film/Ep1.md`, name, "s01", take);
			checkOutput(`Film/Ep1.md`, "_assets", name, take);
			checkOutput(`${noteName}.md`, name, name, take);
			checkOutput(`Film/storyboard_${noteName}.json`, name, "seg1", take);
		}
	});

	it("random names (property): 3000 combinations", () => {
		const part = fc.oneof(fc.constantFrom(...HOSTILE_NAMES), fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 320 }));
		fc.assert(
			fc.property(
				fc.array(fc.constantFrom("Film", "雨夜", "a b", "x"), { maxLength: 2 }),
				part,
				part,
				part,
				fc.integer({ min: 1, max: 10 }),
				(dirs, note, output, id, take) => {
					// A note's name is one segment of a vault listing: it cannot hold '/'.
					checkOutput([...dirs, `${note.replace(/\//g, "")}.md`].join("/"), output, id, take);
				},
			),
			{ seed: 0x9a7b5, numRuns: 3000 },
		);
	});

	it("long names stay distinct after cutting", () => {
		const a = sanitizeSegment("x".repeat(300) + "a");
		const b = sanitizeSegment("x".repeat(300) + "b");
		expect(a).not.toBe(b);
		expect(a.length).toBeLessThanOrEqual(100);
	});

	it("hostile shot ids are refused by the parser with a message naming the shot", () => {
		for (const id of ["../x", "..", "/etc/passwd", "C:\\x", "a/b", "evil\u202Egnp", "Ｆ／b", "x".repeat(65), "trailing.", "a b"]) {
			const r = parseMarkdown("Film/Ep1.md", "```shot\nid: " + JSON.stringify(id) + "\nprompt: x\n```\n").shots[0];
			expect(r?.ok, id).toBe(false);
			expect(r && !r.ok ? r.error : "").toMatch(/^Film\/Ep1\.md:1 shot .+: id .+ (is not allowed|is too long)/);
		}
	});

	it("device-name shot ids are written as _CON etc. and never clash silently", () => {
		const note = parseFile("Film/Ep1.md", "```shot\nid: CON\nprompt: a\n```\n\n```shot\nid: _CON\nprompt: b\n```\n\n```shot\nid: lpt1\nprompt: c\n```\n");
		const plan = planJobs([note], TEST_SETTINGS, new Map());
		expect(plan.jobs.map((j) => [j.shotId, j.status, j.outputPath])).toEqual([
			["CON", "ready", "Film/_assets/Ep1/_CON.mp4"],
			["_CON", "invalid", "Film/_assets/Ep1/_CON.mp4"],
			["lpt1", "ready", "Film/_assets/Ep1/_lpt1.mp4"],
		]);
		expect(plan.jobs[1]?.reason).toContain("is also the output of");
	});

	it("NFC/NFD twin notes and trailing-dot twins never write the same files", () => {
		const notes = ["Film/Cafe\u0301.md", "Film/Café.md", "Film/Ep1.md", "Film/Ep1. .md"].map((p) => parseFile(p, "```shot\nid: s01\nprompt: x\n```\n"));
		const plan = planJobs(notes, TEST_SETTINGS, new Map());
		const ready = plan.jobs.filter((j) => j.status === "ready").map((j) => j.outputPath);
		expect(new Set(ready).size).toBe(ready.length);
		expect(plan.jobs.filter((j) => j.status === "invalid")).toHaveLength(2);
	});

	it("the embed of a device-name shot is added once, however often it is patched", () => {
		const text = "```shot\nid: CON\nprompt: x\n```\nafter\n";
		const blocks = parseMarkdown("Film/Ep1.md", text).shots.map((s) => ({
			id: s.id ?? "",
			startOffset: s.source.startOffset,
			endOffset: s.source.endOffset,
			index: s.index,
		}));
		const target = { shotId: "CON", take: 1, blockId: "CON", line: `![[${outputPathFor("Film/_assets/Ep1", "CON", 1)}]]` };
		const once = applyEmbed(text, blocks, target, embedRecognizer("_assets/Ep1"));
		const twice = once.ok ? applyEmbed(once.text, blocks, target, embedRecognizer("_assets/Ep1")) : once;
		expect(once.ok && once.text).toBe("```shot\nid: CON\nprompt: x\n```\n![[Film/_assets/Ep1/_CON.mp4]]\nafter\n");
		expect(twice.ok && twice.changed).toBe(false);
	});
});

describe("paths (core): references and the vault adapter", () => {
	it("image references never resolve outside the vault", () => {
		for (const raw of [
			"../../../etc/passwd",
			"/../x.png",
			"C:\\Windows\\x.png",
			"c:/x.png",
			"\\\\server\\share\\x.png",
			"file:///etc/passwd",
			"smb://x/y",
			"![](../../../x.png)",
			"![](<../../x.png>)",
			"![](%2e%2e/%2e%2e/%2e%2e/x.png)",
			"..\\..\\..\\x.png",
		]) {
			const r = referenceFor(raw, "Film/Ep1.md");
			if (r.ok && r.ref.kind === "vault") {
				expect(r.ref.path.split("/"), raw).not.toContain("..");
				expect(path.posix.resolve("/vault", r.ref.path).startsWith("/vault/"), raw).toBe(true);
			} else if (r.ok) {
				expect(r.ref.kind).toBe("url");
			}
		}
		expect(resolveInVault("Film", "../../x")).toBeNull();
	});

	it("FsVault refuses every path that resolves outside its root", () => {
		const v = new FsVault("/tmp/cineflow-vault-root");
		for (const p of ["../x", "a/../../x", "/../x", "./../x", "a/b/../../../x", "..", "../cineflow-vault-root-evil/x"]) {
			expect(() => v.abs(p), p).toThrow(/outside the vault/);
		}
		for (const p of ["/etc/passwd", "C:\\Windows\\x", "a/./b", "a/../b", "\uFF0F..\uFF0Fx"]) {
			expect(v.abs(p).startsWith("/tmp/cineflow-vault-root/"), p).toBe(true);
		}
	});
});
