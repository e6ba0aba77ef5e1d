import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import fc from "fast-check";
import {
	basenameOf,
	folderOf,
	joinVault,
	MAX_SEGMENT,
	normalizeVaultPath,
	outputFolderFor,
	outputPathFor,
	referenceFor,
	checkReference,
	resolveInVault,
	sanitizeSegment,
	stemOf,
} from "../../src/core/paths";

const WINDOWS_ILLEGAL = /[<>:"/\\|?*\u0000-\u001F]/;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

function assertSafeSegment(s: string): void {
	expect(s.length).toBeGreaterThan(0);
	expect(s.length).toBeLessThanOrEqual(MAX_SEGMENT);
	expect(s).not.toMatch(WINDOWS_ILLEGAL);
	expect(s).not.toMatch(/^\./);
	expect(s).not.toMatch(/[. ]$/);
	expect(s).not.toMatch(RESERVED);
	expect(s).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/);
	expect([".", ".."]).not.toContain(s);
}

describe("normalizeVaultPath / joinVault", () => {
	it("mirrors Obsidian's normalizePath", () => {
		expect(normalizeVaultPath("//a\\\\b//c/")).toBe("a/b/c");
		expect(normalizeVaultPath("/")).toBe("/");
		expect(normalizeVaultPath("")).toBe("/");
		expect(normalizeVaultPath("a\u00A0b")).toBe("a b");
		expect(normalizeVaultPath("e\u0301")).toBe("é");
	});

	it("joins parts, skipping empty ones and the root", () => {
		expect(joinVault("", "_assets", "Ep1")).toBe("_assets/Ep1");
		expect(joinVault("/", "a/", "/b")).toBe("a/b");
		expect(joinVault()).toBe("/");
	});

	it("splits names", () => {
		expect(folderOf("Scenes/Act 1/Ep1.md")).toBe("Scenes/Act 1");
		expect(folderOf("Ep1.md")).toBe("");
		expect(basenameOf("Scenes/Ep1.md")).toBe("Ep1.md");
		expect(stemOf("in/storyboard_ep1.json")).toBe("storyboard_ep1");
		expect(stemOf("in/.hidden")).toBe(".hidden");
	});
});

describe("sanitizeSegment", () => {
	it.each([
		["../../etc/passwd", "_.._etc_passwd"],
		["/abs", "_abs"],
		["C:\\x", "C__x"],
		["CON", "_CON"],
		["con", "_con"],
		["NUL.txt", "_NUL.txt"],
		["com1", "_com1"],
		["LPT9.mp4", "_LPT9.mp4"],
		[".", "_"],
		["..", "_"],
		["", "_"],
		["   ", "_"],
		[".hidden", "hidden"],
		["name. . ", "name"],
		['a<b>c:d"e|f?g*h', "a_b_c_d_e_f_g_h"],
		["tab\there", "tab_here"],
		["ok name", "ok name"],
		["s01", "s01"],
		["镜头 一", "镜头 一"],
	])("%j → %j", (input, expected) => {
		expect(sanitizeSegment(input)).toBe(expected);
		assertSafeSegment(sanitizeSegment(input));
	});

	it("strips bidi overrides and zero-width characters and NFC-normalizes", () => {
		expect(sanitizeSegment("a\u202Egnp.exe")).toBe("agnp.exe");
		expect(sanitizeSegment("x\u200By\uFEFFz\u2066")).toBe("xyz");
		expect(sanitizeSegment("Cafe\u0301")).toBe("Café");
	});

	it("caps long names and keeps distinct long names distinct", () => {
		const a = sanitizeSegment("a".repeat(500));
		const b = sanitizeSegment("a".repeat(499) + "b");
		expect(a.length).toBeLessThanOrEqual(MAX_SEGMENT);
		expect(a).toMatch(/^a+-[0-9a-f]{8}$/);
		expect(a).not.toBe(b);
		// A surrogate pair is never cut in half.
		const emoji = sanitizeSegment("😀".repeat(300));
		expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
	});

	it("always produces a safe segment for arbitrary input", () => {
		fc.assert(
			fc.property(fc.string({ unit: "binary", maxLength: 600 }), (s) => {
				const out = sanitizeSegment(s);
				assertSafeSegment(out);
				expect(out).not.toContain("/");
			}),
			{ numRuns: 1000 },
		);
	});
});

describe("output paths", () => {
	it("puts videos in <note folder>/<output>/<note basename>/<id>.mp4", () => {
		const folder = outputFolderFor("Scenes/Ep1.md", "_assets");
		expect(folder).toBe("Scenes/_assets/Ep1");
		expect(outputPathFor(folder, "s01", 1)).toBe("Scenes/_assets/Ep1/s01.mp4");
		expect(outputPathFor(folder, "s01", 2)).toBe("Scenes/_assets/Ep1/s01.take2.mp4");
		expect(outputFolderFor("Ep1.md", "_assets")).toBe("_assets/Ep1");
		expect(outputFolderFor("in/storyboard_x.json", "out")).toBe("in/out/storyboard_x");
	});

	it("never leaves <note folder>/<output>/ whatever the id, note name or output name", () => {
		const hostile = ["../../etc/passwd", "/abs", "C:\\x", "CON", "NUL.txt", "a\u202Egnp.exe", "x".repeat(500), ".", "..", "", "a/../../b", "..\\..\\w"];
		for (const name of hostile) {
			// A note's own name cannot contain '/' or '\' (Obsidian reads both as separators).
			const folder = outputFolderFor(`Scenes/${name.replace(/[\\/]/g, "")}.md`, name);
			expect(folder.startsWith("Scenes/")).toBe(true);
			expect(folder.split("/")).toHaveLength(3);
			for (const id of hostile) {
				const p = outputPathFor(folder, id, 3);
				expect(p.startsWith(folder + "/")).toBe(true);
				expect(p.split("/")).toHaveLength(4);
				expect(p.split("/").some((seg) => seg === ".." || seg === ".")).toBe(false);
				assertSafeSegment(p.split("/")[3]!.replace(/\.take3\.mp4$/, ""));
			}
		}
	});

	it("holds for random ids and names", () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), fc.string({ maxLength: 50 }), (note, id, out) => {
				const folder = outputFolderFor(`A/B/${note.replace(/[\\/]/g, "")}.md`, out);
				const p = outputPathFor(folder, id, 1);
				const parts = p.split("/");
				expect(parts.slice(0, 2)).toEqual(["A", "B"]);
				expect(parts).toHaveLength(5);
			}),
			{ numRuns: 500 },
		);
	});
});

describe("resolveInVault / referenceFor", () => {
	it("drops '.' and '..' from a note's own folder", () => {
		expect(outputFolderFor("Scenes/../../etc/passwd.md", "_assets")).toBe("Scenes/etc/_assets/passwd");
	});

	it("resolves relative paths and refuses to leave the vault", () => {
		expect(resolveInVault("Scenes", "./refs/a.png")).toBe("Scenes/refs/a.png");
		expect(resolveInVault("Scenes/Act", "../a.png")).toBe("Scenes/a.png");
		expect(resolveInVault("Scenes", "/root.png")).toBe("root.png");
		expect(resolveInVault("Scenes", "../../x.png")).toBeNull();
	});

	it("reads every reference form", () => {
		const note = "Scenes/Ep1.md";
		expect(referenceFor("[[refs/alley.png]]", note)).toEqual({ ok: true, ref: { kind: "vault", path: "refs/alley.png" } });
		expect(referenceFor("![[alley.png|300]]", note)).toEqual({ ok: true, ref: { kind: "vault", path: "alley.png" } });
		expect(referenceFor("./x.png", note)).toEqual({ ok: true, ref: { kind: "vault", path: "Scenes/x.png" } });
		expect(referenceFor("x.png", note)).toEqual({ ok: true, ref: { kind: "vault", path: "Scenes/x.png" } });
		expect(referenceFor("![alt](img/a%20b.png)", note)).toEqual({ ok: true, ref: { kind: "vault", path: "Scenes/img/a b.png" } });
		expect(referenceFor("https://example.com/a.png?x=1", note)).toEqual({ ok: true, ref: { kind: "url", url: "https://example.com/a.png?x=1" } });
	});

	it("rejects paths outside the vault and other schemes with a clear message", () => {
		expect(referenceFor("../../x.png", "Scenes/Ep1.md")).toEqual({ ok: false, message: 'image "../../x.png" points outside the vault' });
		expect(referenceFor("C:\\img\\a.png", "Ep1.md")).toMatchObject({ ok: false, message: expect.stringContaining("absolute path") as string });
		expect(referenceFor("file:///etc/passwd", "Ep1.md")).toMatchObject({ ok: false, message: expect.stringContaining("is not allowed") as string });
		expect(referenceFor("data:image/png;base64,xx", "Ep1.md").ok).toBe(false);
	});
});

describe("refused references in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("the same refusal with a stable code, in the current language", () => {
		expect(checkReference("../../x.png", "Scenes/Ep1.md")).toEqual({
			ok: false,
			problem: { code: "parse.image.outside", text: 'image "../../x.png" points outside the vault' },
		});
		setLanguage("zh");
		expect(referenceFor("../../x.png", "Scenes/Ep1.md")).toEqual({ ok: false, message: '图片 "../../x.png" 指向库外' });
		expect(checkReference("file:///etc/passwd", "Ep1.md")).toMatchObject({ ok: false, problem: { code: "parse.image.scheme" } });
	});
});
