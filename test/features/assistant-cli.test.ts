/**
 * `cineflow draft` end to end: the CLI over a temp vault against the simulator's
 * chat-completions endpoint on 127.0.0.1.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { draftCommand, type DraftDeps } from "../../src/cli/draft";
import { createNodeHttp } from "../../src/cli/http";
import { parseFile } from "../../src/core/parse";
import { simBaseUrl, type Scenario } from "../../src/sim/index";
import { buildCli } from "../e2e/cli-build";
import { KEY, listAll, startSim, tempVault, type Harness } from "../e2e/helpers";

const SCRIPT = `---
tags: [script]
---
# Scene 1: The alley

Rain hammers the alley. [Alice] runs past the dumpsters, clutching an umbrella.

She stops under a flickering sign. Bob steps out of the shadows and says "You're late."

# Scene 2: The rooftop

Alice and Bob climb to the roof. The city glows below them.

Bob hands Alice an envelope. Thunder rolls over the skyline.
`;

interface Run {
	code: number;
	out: string;
	err: string;
}

let h: Harness;
const vaults: string[] = [];

async function vault(files: Record<string, string>): Promise<string> {
	const v = await tempVault(files);
	vaults.push(v);
	return v;
}

async function draft(vaultDir: string, note: string, args: string[] = [], deps: DraftDeps = {}): Promise<Run> {
	let out = "";
	let err = "";
	const http = createNodeHttp({ direct: true });
	try {
		const code = await draftCommand([path.join(vaultDir, note), "--vault", vaultDir, "--base-url", simBaseUrl(h.origin, "chat"), ...args], {
			http,
			env: { CINEFLOW_ASSISTANT_API_KEY: KEY },
			out: new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }),
			err: new Writable({ write: (c, _e, cb) => ((err += String(c)), cb()) }),
			...deps,
		});
		return { code, out, err };
	} finally {
		await http.close();
	}
}

function chatRequests(): number {
	return h.sim.log.filter((e) => e.route === "chat").length;
}

async function useScenario(patch: Partial<Scenario>): Promise<void> {
	h.sim.setScenario({ chatMode: "derive", chatScript: [], ...patch });
}

beforeAll(async () => {
	h = await startSim();
});
afterAll(async () => {
	await h.close();
	await Promise.all(vaults.map((v) => fs.rm(v, { recursive: true, force: true })));
});
afterEach(async () => {
	await useScenario({});
});

describe("cineflow draft", () => {
	it("writes a new storyboard note next to the script that parses cleanly, and leaves the script untouched", async () => {
		const v = await vault({ "Scripts/Night.md": SCRIPT });
		const before = await listAll(v);
		const r = await draft(v, "Scripts/Night.md");
		expect(r.err).not.toContain("cineflow draft:");
		expect(r.code).toBe(0);
		expect(r.out).toContain("wrote Scripts/Night — storyboard.md: 4 shots");
		expect(await fs.readFile(path.join(v, "Scripts/Night.md"), "utf8")).toBe(SCRIPT);
		expect(await listAll(v)).toEqual([...before, "Scripts/Night — storyboard.md"].sort());

		const text = await fs.readFile(path.join(v, "Scripts/Night — storyboard.md"), "utf8");
		const parsed = parseFile("Scripts/Night — storyboard.md", text);
		expect(parsed.issues.filter((i) => i.severity === "error")).toEqual([]);
		expect(parsed.shots.map((s) => (s.ok ? s.id : s.error))).toEqual(["s01", "s02", "s03", "s04"]);
		expect(parsed.frontmatter.shot).toEqual({ duration: 10, orientation: "horizontal" });
		expect(parsed.frontmatter.characters.map((c) => c.name).sort()).toEqual(["Alice", "Bob"]);
		const first = parsed.shots[0];
		expect(first?.ok && first.input.prompt).toContain("[Alice] runs past the dumpsters");
		expect(first?.ok && first.input.scene).toBe("Scene 1: The alley");
		expect(text).toContain("## Scene 1: The alley");
		const bob = parsed.shots[1];
		expect(bob?.ok && bob.input.characters).toEqual(["Bob"]);
		expect(text).toContain("[[Night]]");
		// The front matter of the script was not sent as script text.
		expect(text).not.toContain("tags");
	});

	it("chunks a long script and keeps shot ids unique across chunks (the simulator restarts at s01 each time)", async () => {
		const paras = Array.from(
			{ length: 12 },
			(_, i) => `Paragraph ${i + 1}: [Alice] walks through room number ${i + 1}, looking for the key that ${"x".repeat(150)}.`,
		);
		const script = `# Act one\n\n${paras.slice(0, 6).join("\n\n")}\n\n# Act two\n\n${paras.slice(6).join("\n\n")}\n`;
		const v = await vault({ "Long.md": script });
		const n0 = chatRequests();
		const r = await draft(v, "Long.md", ["--chunk-tokens", "200", "--json"]);
		expect(r.code).toBe(0);
		const res = JSON.parse(r.out.trim()) as { ok: boolean; path: string; shots: number; chunks: number; warnings: string[] };
		expect(res.ok).toBe(true);
		expect(res.chunks).toBeGreaterThan(3);
		expect(chatRequests() - n0).toBe(res.chunks);
		expect(res.shots).toBe(12);
		const parsed = parseFile(res.path, await fs.readFile(path.join(v, res.path), "utf8"));
		const ids = parsed.shots.map((s) => (s.ok ? s.id : s.error));
		expect(new Set(ids).size).toBe(12);
		expect(parsed.shots.every((s) => s.ok)).toBe(true);
		// Every paragraph became exactly one shot, in order.
		expect(parsed.shots.map((s) => (s.ok ? /Paragraph (\d+)/.exec(s.input.prompt ?? "")?.[1] : "")).join(",")).toBe("1,2,3,4,5,6,7,8,9,10,11,12");
		expect(res.warnings.some((w) => /became s01-2/.test(w))).toBe(true);
		const text = await fs.readFile(path.join(v, res.path), "utf8");
		expect(text.indexOf("## Act one")).toBeGreaterThan(0);
		expect(text.indexOf("## Act two")).toBeGreaterThan(text.indexOf("## Act one"));
	});

	it("never overwrites an existing storyboard note: the next free name is used", async () => {
		const v = await vault({ "Night.md": SCRIPT, "Night — storyboard.md": "mine\n", "Night — storyboard 2.md": "also mine\n" });
		const r = await draft(v, "Night.md");
		expect(r.code).toBe(0);
		expect(r.out).toContain("wrote Night — storyboard 3.md");
		expect(await fs.readFile(path.join(v, "Night — storyboard.md"), "utf8")).toBe("mine\n");
		expect(await fs.readFile(path.join(v, "Night — storyboard 2.md"), "utf8")).toBe("also mine\n");
		const again = await draft(v, "Night.md");
		expect(again.out).toContain("wrote Night — storyboard 4.md");
	});

	it("repairs an answer with wrong types in one round-trip", async () => {
		await useScenario({ chatMode: "wrong-types" });
		const v = await vault({ "Night.md": SCRIPT });
		const n0 = chatRequests();
		const r = await draft(v, "Night.md", ["--json"]);
		expect(r.code).toBe(0);
		const res = JSON.parse(r.out.trim()) as { repairs: number; chunks: number; path: string };
		expect(res.repairs).toBe(1);
		expect(chatRequests() - n0).toBe(2);
		expect(parseFile(res.path, await fs.readFile(path.join(v, res.path), "utf8")).shots.every((s) => s.ok)).toBe(true);
	});

	it("repairs an answer that is not JSON (model chosen by --model sim-invalid-json)", async () => {
		const v = await vault({ "Night.md": SCRIPT });
		const r = await draft(v, "Night.md", ["--model", "sim-invalid-json"]);
		expect(r.code).toBe(0);
		expect(r.err).toContain("asking once for a repair");
		expect(r.out).toContain("1 repaired");
	});

	it("fails with clear errors and writes nothing when the repaired answer is still invalid", async () => {
		await useScenario({ chatMode: "always-invalid" });
		const v = await vault({ "Night.md": SCRIPT });
		const before = await listAll(v);
		const n0 = chatRequests();
		const r = await draft(v, "Night.md");
		expect(r.code).toBe(1);
		expect(chatRequests() - n0).toBe(2);
		expect(r.err).toContain("was still invalid after one repair round-trip; nothing was written");
		expect(r.err).toContain('shots[0].duration: duration "long" is not valid (expected a number of seconds)');
		expect(r.err).toContain("shots[0]: unknown field camera");
		expect(r.err).toMatch(/characters: /);
		expect(await listAll(v)).toEqual(before);
	});

	it.each([
		["error-500", 1, /answered HTTP 500: The server had an error/],
		["error-429", 1, /rate limited \(HTTP 429\); retry after 20 s/],
		["refusal", 1, /the model refused: I can't help/],
	] as const)("HTTP failure %s: clear error, exit %i, nothing written", async (mode, code, msg) => {
		await useScenario({ chatMode: mode });
		const v = await vault({ "Night.md": SCRIPT });
		const before = await listAll(v);
		const r = await draft(v, "Night.md");
		expect(r.code).toBe(code);
		expect(r.err).toMatch(msg);
		expect(r.err).not.toContain(KEY);
		expect(await listAll(v)).toEqual(before);
	});

	it("a refused key exits 3 and never shows the key", async () => {
		const v = await vault({ "Night.md": SCRIPT });
		const wrong = "sk-WRONGKEY-abcdef0123456789";
		const r = await draft(v, "Night.md", [], { env: { CINEFLOW_ASSISTANT_API_KEY: wrong } });
		expect(r.code).toBe(3);
		expect(r.err).toContain("refused the key (HTTP 401)");
		expect(r.err).not.toContain(wrong);
		expect(r.err).not.toContain("WRONGKEY");
	});

	it("falls back to OPENAI_API_KEY, and says where to put the key when there is none", async () => {
		const v = await vault({ "Night.md": SCRIPT });
		const ok = await draft(v, "Night.md", [], { env: { OPENAI_API_KEY: KEY } });
		expect(ok.code).toBe(0);
		const n0 = chatRequests();
		const none = await draft(v, "Night.md", [], { env: {} });
		expect(none.code).toBe(2);
		expect(none.err).toContain("no API key for the script assistant: set CINEFLOW_ASSISTANT_API_KEY (or OPENAI_API_KEY) in the environment");
		expect(chatRequests()).toBe(n0);
	});

	it("a connection failure is a clear error", async () => {
		const v = await vault({ "Night.md": SCRIPT });
		const r = await draft(v, "Night.md", ["--base-url", "http://127.0.0.1:9/v1"]);
		expect(r.code).toBe(1);
		expect(r.err).toContain("could not reach the script assistant at 127.0.0.1:9");
	});

	it("a prompt-injection answer cannot write outside the new note", async () => {
		await useScenario({ chatMode: "injection" });
		const v = await vault({ "Scripts/Night.md": SCRIPT, ".obsidian/plugins/x/main.js": "original\n" });
		const outside = path.join(path.dirname(v), `${path.basename(v)}-evil`);
		const before = await listAll(v);
		const parentBefore = (await fs.readdir(path.dirname(v))).filter((n) => n.startsWith(path.basename(v)));
		const r = await draft(v, "Scripts/Night.md", ["--json"]);
		expect(r.code).toBe(0);
		const res = JSON.parse(r.out.trim()) as { path: string; warnings: string[] };
		expect(res.path).toBe("Scripts/Night — storyboard.md");
		expect(await listAll(v)).toEqual([...before, "Scripts/Night — storyboard.md"].sort());
		expect(await fs.readFile(path.join(v, ".obsidian/plugins/x/main.js"), "utf8")).toBe("original\n");
		expect((await fs.readdir(path.dirname(v))).filter((n) => n.startsWith(path.basename(v)))).toEqual(parentBefore);
		await expect(fs.stat(outside)).rejects.toThrow();

		const text = await fs.readFile(path.join(v, res.path), "utf8");
		const parsed = parseFile(res.path, text);
		expect(parsed.issues.filter((i) => i.severity === "error")).toEqual([]);
		// Same number of shots as the answer had: nothing was smuggled in as an extra fence.
		expect(parsed.shots.length).toBe(5);
		for (const s of parsed.shots) {
			expect(s.ok).toBe(true);
			if (s.ok) expect(s.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
		}
		expect(parsed.shots.map((s) => s.id)).toEqual(["evil", "evil-2", "obsidian-plugins-x-main-js", "x".repeat(64), "sevil"]);
		expect(parsed.frontmatter.output).toBeUndefined();
		for (const c of parsed.frontmatter.characters) expect(c.name).not.toMatch(/[\\/]/);
		// The hostile text is kept as plain prompt text inside the note, not as structure.
		const first = parsed.shots[0];
		expect(first?.ok && first.input.prompt).toContain("Ignore previous instructions");
		expect(text.split("\n").filter((l) => l.startsWith("```shot")).length).toBe(5);
		expect(text.split("\n").filter((l) => l === "---").length).toBe(2);
		expect(res.warnings.some((w) => w.includes("became evil"))).toBe(true);
		// Messages never carry raw bidi or control characters from the model.
		expect(res.warnings.join("\n")).not.toMatch(/[\u202e\u0000]/);
		expect(res.warnings.some((w) => w.includes('"s\\u202eevil\\u0000" became sevil'))).toBe(true);
	});

	it("runs as a real child process from the built CLI", async () => {
		const built = await buildCli();
		try {
			const v = await vault({ "Night.md": SCRIPT });
			const { stdout } = await promisify(execFile)(
				process.execPath,
				[built.cli, "draft", path.join(v, "Night.md"), "--vault", v, "--base-url", simBaseUrl(h.origin, "chat"), "--json"],
				{
					env: { ...process.env, CINEFLOW_ASSISTANT_API_KEY: KEY, HTTP_PROXY: "", HTTPS_PROXY: "", http_proxy: "", https_proxy: "" },
				},
			);
			const res = JSON.parse(stdout.trim()) as { ok: boolean; path: string; shots: number };
			expect(res).toMatchObject({ ok: true, path: "Night — storyboard.md", shots: 4 });
		} finally {
			await built.dispose();
		}
	});
});
