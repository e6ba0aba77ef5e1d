/**
 * The mobile-load smoke (issue 6, "Mobile safety and size"): the built main.js is
 * evaluated in a `vm` context with no Node globals, where requiring anything but
 * "obsidian" throws. The plugin must load, register its entry points, render a
 * shot card (which parses the block through the bundle), and unload cleanly.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { bootInVm, buildPluginBundle, buildStubBundle, buildWithPluginOptions, createVmHost, type VmHost } from "./vm-host";

let pluginCode = "";
let stubCode = "";
const hosts: VmHost[] = [];

beforeAll(async () => {
	[pluginCode, stubCode] = await Promise.all([buildPluginBundle(), buildStubBundle()]);
});

afterEach(() => {
	for (const h of hosts.splice(0)) h.dispose();
});

/** js-yaml 3 (under gray-matter) tries these inside try/catch and works without them. */
const GUARDED = new Set(["buffer", "esprima"]);
const refusedBy = (host: VmHost, file: string) => host.refusedRequires.filter((r) => r.from === file).map((r) => r.id);

const NOTE = [
	"---",
	"title: Smoke",
	"---",
	"# Scene 1",
	"",
	"```shot",
	"id: s1",
	"prompt: A lighthouse at dusk, slow dolly in",
	"duration: 10",
	"```",
	"",
	"```shot",
	"id: s2",
	"prompt: [unclosed",
	"```",
	"",
].join("\n");

describe("mobile-load smoke: main.js in a vm without Node", () => {
	it("the context really has no Node globals and refuses built-ins", () => {
		const host = createVmHost(stubCode);
		hosts.push(host);
		const probe = host.loadCjs(
			`const out = { Buffer: typeof Buffer, process: typeof process, global: typeof global, fetch: typeof fetch };
			 for (const id of ["fs", "node:fs", "path", "crypto", "buffer", "electron"]) {
			   try { require(id); out[id] = "loaded"; } catch (e) { out[id] = "threw"; }
			 }
			 module.exports = out;`,
			"probe.js",
		);
		expect(probe).toEqual({
			Buffer: "undefined",
			process: "undefined",
			global: "undefined",
			fetch: "undefined",
			fs: "threw",
			"node:fs": "threw",
			path: "threw",
			crypto: "threw",
			buffer: "threw",
			electron: "threw",
		});
	});

	it("the parser (gray-matter, YAML, remark) runs in the context with the plugin's shims", async () => {
		const code = await buildWithPluginOptions('export { parseMarkdown } from "./src/core/parse";');
		const host = createVmHost(stubCode);
		hosts.push(host);
		const { parseMarkdown } = host.loadCjs(code, "parser.js") as typeof import("../../src/core/parse");
		const nested = NOTE + "> [!note]\n> ```shot\n> id: s3\n> prompt: Rain on glass\n> ```\n";
		const parsed = parseMarkdown("Films/Smoke.md", nested);
		const ok = parsed.shots.filter((s) => s.ok);
		const bad = parsed.shots.filter((s) => !s.ok);
		expect(ok.map((s) => s.id)).toEqual(["s1", "s3"]);
		expect(bad.length).toBe(1);
		expect(bad[0]?.ok === false && bad[0].error).toMatch(/^Films\/Smoke\.md:\d+/);
		expect(refusedBy(host, "parser.js").filter((id) => !GUARDED.has(id))).toEqual([]);
	});

	it("zod/mini in the plugin build: the script assistant's JSON Schema and settings validation match Node's", async () => {
		const code = await buildWithPluginOptions(
			'export { draftJsonSchema } from "./src/core/assistant/schema"; export { settingsSchema, DEFAULT_SETTINGS } from "./src/core/settings";',
		);
		const host = createVmHost(stubCode);
		hosts.push(host);
		const inVm = host.loadCjs(code, "zod-check.js") as typeof import("../../src/core/assistant/schema") & typeof import("../../src/core/settings");
		const { draftJsonSchema } = await import("../../src/core/assistant/schema");
		const { settingsSchema, DEFAULT_SETTINGS } = await import("../../src/core/settings");
		expect(JSON.stringify(inVm.draftJsonSchema())).toBe(JSON.stringify(draftJsonSchema()));
		const bad = { ...DEFAULT_SETTINGS, concurrency: { ...DEFAULT_SETTINGS.concurrency, initial: 0 } };
		const a = inVm.settingsSchema.safeParse(bad);
		const b = settingsSchema.safeParse(bad);
		expect(a.success).toBe(false);
		expect(JSON.stringify(a.error?.issues)).toBe(JSON.stringify(b.error?.issues));
		expect(inVm.settingsSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true);
	});

	it("loads, registers its entry points and unloads without leftovers", async () => {
		// onload does no parsing or network work: count note reads and requests during it.
		const noteReads: string[] = [];
		const requests: string[] = [];
		const { host, app, plugin, onloadMs } = await bootInVm(pluginCode, stubCode, { "Films/Smoke.md": NOTE }, (a, h) => {
			const { read, cachedRead } = a.vault;
			a.vault.read = (f) => (noteReads.push(f.path), read.call(a.vault, f));
			a.vault.cachedRead = (f) => (noteReads.push(f.path), cachedRead.call(a.vault, f));
			h.obsidian.setRequestUrlHandler(async (p) => (requests.push(p.url), { status: 599 }));
		});
		hosts.push(host);
		expect(noteReads).toEqual([]);
		expect(requests).toEqual([]);
		expect(onloadMs).toBeGreaterThanOrEqual(0);
		// The bundle's top level ran; the only refused requires allowed are js-yaml's
		// optional, try/catch-guarded ones (it then does without them).
		expect(refusedBy(host, "main.js").filter((id) => !GUARDED.has(id))).toEqual([]);
		expect(plugin).toBeInstanceOf(host.obsidian.Plugin);

		const byId = new Map([...app.commands__.values()].map((c) => [c.id, c.name]));
		expect(byId.get("cineflow:generate-note")).toBe("Generate shots in note");
		expect(byId.get("cineflow:open-queue")).toMatch(/queue/i);
		expect([...app.commands__.values()].every((c) => !c.hotkeys || c.hotkeys.length === 0)).toBe(true);
		expect(app.codeBlockProcessors__.has("shot")).toBe(true);
		expect(app.viewRegistry__.size).toBeGreaterThan(0);
		expect(app.settingTabs__.length).toBe(1);

		app.workspace.setLayoutReady__();
		plugin.unload();
		expect(app.commands__.size).toBe(0);
		expect(app.codeBlockProcessors__.size).toBe(0);
		expect(app.viewRegistry__.size).toBe(0);
		expect(app.settingTabs__.length).toBe(0);
		expect(host.liveTimers()).toEqual({ timeouts: 0, intervals: 0 });
		expect(host.consoleCalls.filter((c) => c.level === "log")).toEqual([]);
	});

	it("renders shot cards through the bundle (YAML parse with no Buffer), errors in place", async () => {
		const { host, app, plugin } = await bootInVm(pluginCode, stubCode, {
			"Films/Smoke.md": NOTE,
			".obsidian/plugins/cineflow/data.json": JSON.stringify({ version: 2, provider: "sorahk" }),
		});
		hosts.push(host);
		app.workspace.setLayoutReady__();
		const file = app.vault.getFileByPath("Films/Smoke.md");
		expect(file).not.toBeNull();
		const el = host.obsidian.makeEl("div");
		const owner = new host.obsidian.Component();
		owner.load();
		await app.renderNote__(file as InstanceType<typeof host.obsidian.TFile>, el, owner);
		// Let card renderers that finish asynchronously settle.
		await new Promise((r) => setTimeout(r, 20));
		const blocks = host.obsidian.allElements(el).filter((e) => e.hasClass("block-language-shot"));
		expect(blocks.length).toBe(2);
		const [good, bad] = blocks.map((b) => b.textContent ?? "");
		expect(good).toContain("A lighthouse at dusk");
		expect(good).toContain("s1");
		expect(bad).toMatch(/s2|line|invalid|error/i);
		expect(bad).not.toContain("A lighthouse");
		owner.unload();
		plugin.unload();
		expect(refusedBy(host, "main.js").filter((id) => !GUARDED.has(id))).toEqual([]);
	});
});
