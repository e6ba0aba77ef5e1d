/**
 * Paths and downloads end to end: the built CLI against the simulator over
 * loopback and a temp vault.
 * - Hostile note names, output settings and shot ids: every file written lands in
 *   the note's own output folder; nothing appears outside the vault; a rerun
 *   changes no note (embeds of device-name shots are not added twice).
 * - Downloads: an HTML page served with 200 is never saved; 5 redirects are
 *   followed, 6 are not; a redirect to file:// is refused; a Content-Length over the
 *   cap is refused; the key header (Gemini's x-goog-api-key on a Files API download,
 *   the Bearer of an OpenAI-shaped `/videos/{id}/content` download) is not sent to
 *   another host after a redirect.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isVideo } from "../../src/core/download";
import { outputFolderFor } from "../../src/core/paths";
import { sampleMp4, type Scenario } from "../../src/sim/index";
import { buildCli } from "../e2e/cli-build";
import { shot } from "../e2e/helpers";
import { generateArgs, readTree, runCli, startSimWithKey } from "./cli-harness";

const KEY = "sk-CANARY-clie2e-4d2b9f0a7c1e3355";

let cli = "";
let dispose: () => Promise<void> = async () => {};
let recorder: Server;
let recOrigin = "";
const recorded: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
	({ cli, dispose } = await buildCli());
	recorder = createServer((req, res) => {
		recorded.push({ url: req.url ?? "", headers: req.headers });
		if (req.url?.startsWith("/big")) {
			// Announces 3 GB (over the 2 GB cap), sends a video header, then stalls.
			res.writeHead(200, { "content-type": "video/mp4", "content-length": String(3 * 1024 ** 3) });
			res.write(Buffer.from(sampleMp4().subarray(0, 64)));
			return;
		}
		const mp4 = Buffer.from(sampleMp4());
		res.writeHead(200, { "content-type": "video/mp4", "content-length": String(mp4.length) });
		res.end(mp4);
	});
	await new Promise<void>((r) => recorder.listen(0, "127.0.0.1", r));
	recOrigin = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
});

afterAll(async () => {
	recorder.closeAllConnections();
	await new Promise<void>((r) => recorder.close(() => r()));
	await dispose();
});

/** A vault inside its own parent folder, so writes beside the vault can be seen. */
async function isolatedVault(files: Record<string, string>): Promise<{ parent: string; vault: string }> {
	const parent = await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-sec-"));
	const vault = path.join(parent, "vault");
	await fs.mkdir(path.join(vault, ".obsidian"), { recursive: true });
	for (const [rel, text] of Object.entries(files)) {
		await fs.mkdir(path.dirname(path.join(vault, rel)), { recursive: true });
		await fs.writeFile(path.join(vault, rel), text);
	}
	return { parent, vault };
}

const HOSTILE_NOTES: Record<string, string> = {
	"Film/CON.md":
		"# Devices\n\n" + ["CON", "nul", "COM1", "LPT1", "s01"].map((id) => shot(id, `Device shot ${id}`)).join("\n") + shot("../x", "Climbing id") + "\n",
	"Film/evil\u202Egnp.mp4.md": shot("s01", "RTL override note"),
	"Film/Ｆｏｏ／ｂａｒ.md": shot("s01", "Fullwidth solidus note"),
	"Film/Cafe\u0301.md": shot("s01", "NFD note"),
	"Film/Café.md": shot("s01", "NFC note"),
	"Film/trailing. .md": shot("s01", "Trailing dot note"),
	"Film/C:\\Windows\\evil.md": shot("s01", "Backslash note"),
	[`Film/${"x".repeat(240)}.md`]: shot("s01", "Long ASCII note"),
	[`Film/${"長".repeat(80)}.md`]: shot("s01", "Long CJK note"),
	"Film/Out1.md": "---\ncineflow:\n  output: ../../../escape\n---\n" + shot("s01", "Output climbing"),
	"Film/Out2.md": "---\ncineflow:\n  output: /etc\n---\n" + shot("s01", "Output absolute"),
	"Film/Out3.md": "---\ncineflow:\n  output: 'C:\\evil'\n---\n" + shot("s01", "Output drive"),
};

describe("CLI: hostile names never write outside the note's output folder", () => {
	it("every new file is in its note's output folder; nothing beside the vault; reruns change no note", async () => {
		const h = await startSimWithKey(KEY, {});
		try {
			const { parent, vault } = await isolatedVault(HOSTILE_NOTES);
			const before = await readTree(parent);
			const run = await runCli(cli, generateArgs(path.join(vault, "Film"), vault, "sorahk", h.origin, ["--json"]), KEY);
			expect([0, 1, 2]).toContain(run.code);
			const after = await readTree(parent);
			const created = [...after.keys()].filter((f) => !before.has(f));
			expect(created.every((f) => f.startsWith("vault/"))).toBe(true);
			// The output folder of every note, as the planner computes it.
			const outputs = new Map<string, string>();
			for (const [rel, text] of Object.entries(HOSTILE_NOTES)) {
				const out = /output: (.+)\n/.exec(text)?.[1]?.replace(/^'|'$/g, "").replace(/\\\\/g, "\\") ?? "_assets";
				outputs.set(rel, "vault/" + outputFolderFor(rel, out) + "/");
			}
			const folders = [...outputs.values()];
			for (const f of created)
				expect(
					folders.some((o) => f.startsWith(o)),
					f,
				).toBe(true);
			// Files written: one video per valid shot, none partial. The climbing id is
			// refused, and of the NFC/NFD twins (one output folder) only one is generated.
			const videos = created.filter((f) => f.endsWith(".mp4"));
			expect(videos.length).toBe(5 + 10);
			expect(run.stdout).toContain("is also the output of");
			for (const v of videos) expect(isVideo(new Uint8Array(after.get(v) ?? Buffer.alloc(0)))).toBe("mp4");
			expect(created.filter((f) => f.endsWith(".tmp"))).toEqual([]);
			expect(
				videos.filter((v) => v.includes("/_CON.mp4") || v.includes("/_nul.mp4") || v.includes("/_COM1.mp4") || v.includes("/_LPT1.mp4")),
			).toHaveLength(4);
			// Sanitized folder names: no RTL override, no backslash, no trailing dot.
			for (const f of created) expect(f).not.toMatch(/[\u202A-\u202E\\]|\.\//);
			// NFC and NFD twins and the two trailing-dot twins never share a file.
			expect(new Set(videos).size).toBe(videos.length);

			// Rerun twice: nothing new is generated and no note changes.
			const notes1 = await readTree(vault);
			await runCli(cli, generateArgs(path.join(vault, "Film"), vault, "sorahk", h.origin, ["--json"]), KEY);
			await runCli(cli, generateArgs(path.join(vault, "Film"), vault, "sorahk", h.origin, ["--json"]), KEY);
			const notes3 = await readTree(vault);
			for (const [rel, buf] of notes1) if (rel.endsWith(".md")) expect(notes3.get(rel)?.toString("utf8"), rel).toBe(buf.toString("utf8"));
			const con = notes3.get("Film/CON.md")?.toString("utf8") ?? "";
			expect(con.match(/_CON\.mp4/g)).toHaveLength(1);
		} finally {
			await h.close();
		}
	});
});

interface DlCase {
	name: string;
	provider: string;
	scenario: () => Partial<Scenario>;
	saved: boolean;
	/** Extra shot fields. */
	fields?: string;
	/** The provider's own download route, fetched first with the key (which the simulator checks), then redirecting. */
	keyedRoute?: RegExp;
}

/**
 * Gemini Omni sends 720p inline (no HTTP download at all); at 1080p it asks for a Files
 * API URI, fetched from the provider's own host with x-goog-api-key, which then redirects.
 */
const GEMINI_BY_URI = "resolution: 1080p\n";

const DL_CASES: DlCase[] = [
	{ name: "an HTML error page served with 200 is never saved", provider: "sorahk", scenario: () => ({ htmlErrorOnDownload: 1 }), saved: false },
	{ name: "5 redirects are followed", provider: "sorahk", scenario: () => ({ redirectDownloads: 5 }), saved: true },
	{ name: "6 redirects are refused", provider: "sorahk", scenario: () => ({ redirectDownloads: 6 }), saved: false },
	{ name: "a redirect to file:///etc/passwd is refused", provider: "sorahk", scenario: () => ({ redirectTo: "file:///etc/passwd" }), saved: false },
	{
		name: "a redirect to ftp:// is refused",
		provider: "gemini",
		fields: GEMINI_BY_URI,
		scenario: () => ({ redirectTo: "ftp://127.0.0.1/v.mp4" }),
		saved: false,
	},
	{ name: "a Content-Length over the 2 GB cap is refused", provider: "sorahk", scenario: () => ({ redirectTo: `${recOrigin}/big` }), saved: false },
	{
		name: "Gemini: x-goog-api-key is not sent to another host",
		provider: "gemini",
		fields: GEMINI_BY_URI,
		keyedRoute: /^\/gemini\/v1beta\/files\/[^/]+:download\?alt=media$/,
		scenario: () => ({ redirectTo: `${recOrigin}/gemini.mp4` }),
		saved: true,
	},
	// AIHubMix answers in the OpenAI video shape: the file is `GET /videos/{id}/content` with the Bearer key.
	{
		name: "OpenAI-shaped (AIHubMix): the Bearer header is not sent to another host",
		provider: "aihubmix",
		keyedRoute: /^\/aihubmix\/v1\/videos\/[^/]+\/content$/,
		scenario: () => ({ redirectTo: `${recOrigin}/aihubmix.mp4` }),
		saved: true,
	},
];

describe("CLI: downloads", () => {
	it.concurrent.each(DL_CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
		const h = await startSimWithKey(KEY, c.scenario());
		try {
			const { parent, vault } = await isolatedVault({ "Film/Dl.md": "# Downloads\n\n" + shot("d1", `Download check ${c.name}`, c.fields) });
			const run = await runCli(cli, generateArgs(path.join(vault, "Film/Dl.md"), vault, c.provider, h.origin, ["--json"]), KEY);
			const files = [...(await readTree(parent)).keys()];
			// The video was made and its download really started at the provider (not refused at planning).
			expect(h.sim.log.some((e) => e.provider === c.provider && e.route === "create" && e.status < 300)).toBe(true);
			expect(h.sim.log.some((e) => e.route === "download")).toBe(true);
			const videos = files.filter((f) => f.endsWith(".mp4"));
			expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
			if (c.saved) {
				expect(videos).toEqual(["vault/Film/_assets/Dl/d1.mp4"]);
				expect(run.code).toBe(0);
			} else {
				expect(videos).toEqual([]);
				expect(run.code).not.toBe(0);
			}
			const mine = recorded.filter((r) => r.url.startsWith(`/${c.provider}.mp4`) || (c.name.includes("cap") && r.url.startsWith("/big")));
			if (c.keyedRoute) {
				// The provider's own download route took the key (it refuses a request without one) and redirected.
				const first = h.sim.log.find((e) => e.route === "download");
				expect(first?.path).toMatch(c.keyedRoute);
				expect([first?.provider, first?.status, first?.fault]).toEqual([c.provider, 302, undefined]);
			}
			if (c.scenario().redirectTo?.startsWith(recOrigin)) {
				expect(mine.length).toBeGreaterThan(0);
				for (const r of mine) {
					expect(r.headers.authorization).toBeUndefined();
					expect(r.headers["x-goog-api-key"]).toBeUndefined();
					expect(JSON.stringify(r.headers)).not.toContain(KEY);
				}
			}
		} finally {
			await h.close();
		}
	});
});
