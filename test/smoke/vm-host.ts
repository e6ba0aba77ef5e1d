/**
 * The "mobile-load" harness: runs the built plugin bundle (main.js) in a fresh
 * `vm` context that looks like a mobile WebView, not like Node.
 *
 * - The context has the web globals a WebView has (timers, TextEncoder, URL,
 *   AbortController, crypto, performance, console, window/self) and none of Node's
 *   (no Buffer, process, global, require, module, __dirname, fetch is absent too:
 *   plugin code must go through requestUrl).
 * - `require("obsidian")` returns the test stub (test/stubs/obsidian.ts), bundled
 *   and evaluated inside the same context, so it shares the context's Promise,
 *   Uint8Array, Error …. Every other `require` throws, like the mobile app does for
 *   Node built-ins (fs, path, crypto, buffer, node:*, electron …). Each attempt is
 *   recorded so a test can show what the bundle reached for.
 *
 * Used by the smoke test (test/smoke/mobile-load.test.ts) and the plugin bench.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { webcrypto } from "node:crypto";
import esbuild, { type BuildOptions } from "esbuild";

/** The stub's exports, seen from outside the context (types from the stub itself). */
export type StubModule = typeof import("../stubs/obsidian");
type StubApp = InstanceType<StubModule["App"]>;

export interface PluginLike {
	app: StubApp;
	load(): void;
	unload(): void;
	onload(): unknown;
	onunload(): void;
}

const ROOT = process.cwd();

/**
 * Builds main.js in memory with the exact options of esbuild.config.mjs in
 * production mode (minified, no source map). Same bytes `npm run build` writes.
 */
export async function buildPluginBundle(): Promise<string> {
	return buildWithPluginOptions();
}

/**
 * Same options, other entry (TypeScript source resolved from the repo root):
 * lets a test run core modules inside the vm through the plugin's shims.
 */
export async function buildWithPluginOptions(entrySource?: string): Promise<string> {
	const config = (await import(pathToFileURL(path.join(ROOT, "esbuild.config.mjs")).href)) as { plugin: BuildOptions };
	const entry: BuildOptions = entrySource === undefined ? {} : { entryPoints: undefined, stdin: { contents: entrySource, resolveDir: ROOT, loader: "ts" } };
	const result = await esbuild.build({
		...config.plugin,
		...entry,
		absWorkingDir: ROOT,
		minify: true,
		sourcemap: false,
		write: false,
		logLevel: "silent",
	});
	const out = result.outputFiles?.[0];
	if (!out) throw new Error("esbuild produced no main.js");
	return out.text;
}

/** The obsidian stub bundled as a CommonJS script for a browser-like context. */
export async function buildStubBundle(): Promise<string> {
	const result = await esbuild.build({
		entryPoints: [path.join(ROOT, "test/stubs/obsidian.ts")],
		bundle: true,
		format: "cjs",
		platform: "browser",
		target: "es2020",
		write: false,
		logLevel: "silent",
	});
	const out = result.outputFiles?.[0];
	if (!out) throw new Error("esbuild produced no stub bundle");
	return out.text;
}

export async function readManifest(): Promise<Record<string, unknown> & { id: string }> {
	return JSON.parse(await readFile(path.join(ROOT, "manifest.json"), "utf8")) as Record<string, unknown> & { id: string };
}

export interface VmHost {
	context: vm.Context;
	obsidian: StubModule;
	/** Every module id a bundle tried to require besides "obsidian" (each one threw), by bundle file name. */
	refusedRequires: { from: string; id: string }[];
	/** Console calls made by code in the context. */
	consoleCalls: { level: string; args: unknown[] }[];
	/** Timers and intervals currently pending (created in the context). */
	liveTimers(): { timeouts: number; intervals: number };
	/** Evaluates a CommonJS bundle in the context; returns its module.exports. */
	loadCjs(code: string, filename: string): unknown;
	/** Clears every pending timer (test teardown). */
	dispose(): void;
}

/** A fresh WebView-like context with the stub loaded in it. */
export function createVmHost(stubCode: string): VmHost {
	const refusedRequires: { from: string; id: string }[] = [];
	const consoleCalls: { level: string; args: unknown[] }[] = [];
	const timeouts = new Set<NodeJS.Timeout>();
	const intervals = new Set<NodeJS.Timeout>();
	const record =
		(level: string) =>
		(...args: unknown[]) =>
			void consoleCalls.push({ level, args });

	const sandbox: Record<string, unknown> = {
		console: { log: record("log"), info: record("info"), warn: record("warn"), error: record("error"), debug: record("debug") },
		setTimeout: (fn: (...a: unknown[]) => void, ms?: number, ...a: unknown[]) => {
			const t = setTimeout(() => {
				timeouts.delete(t);
				fn(...a);
			}, ms);
			timeouts.add(t);
			return t;
		},
		clearTimeout: (t: NodeJS.Timeout | undefined) => {
			if (t === undefined) return;
			timeouts.delete(t);
			clearTimeout(t);
		},
		setInterval: (fn: (...a: unknown[]) => void, ms?: number, ...a: unknown[]) => {
			const t = setInterval(fn, ms, ...a);
			intervals.add(t);
			return t;
		},
		clearInterval: (t: NodeJS.Timeout | undefined) => {
			if (t === undefined) return;
			intervals.delete(t);
			clearInterval(t);
		},
		queueMicrotask,
		TextEncoder,
		TextDecoder,
		URL,
		URLSearchParams,
		AbortController,
		AbortSignal,
		Event,
		EventTarget,
		DOMException,
		atob,
		btoa,
		structuredClone,
		performance,
		crypto: webcrypto,
		navigator: { userAgent: "Mozilla/5.0 (Linux; Android 14) CineFlowSmoke", platform: "Linux armv8l" },
	};
	const context = vm.createContext(sandbox, { name: "cineflow-mobile-smoke" });
	vm.runInContext("globalThis.window = globalThis; globalThis.self = globalThis; globalThis.activeWindow = globalThis;", context);

	const modules = new Map<string, unknown>();
	const requireFor =
		(from: string) =>
		(id: string): unknown => {
			if (modules.has(id)) return modules.get(id);
			refusedRequires.push({ from, id });
			throw new Error(`Cannot find module '${id}' (mobile: only "obsidian" can be required)`);
		};

	function loadCjs(code: string, filename: string): unknown {
		const wrapper = vm.runInContext(`(function (require, module, exports) {${code}\n})`, context, { filename }) as (
			r: (id: string) => unknown,
			m: { exports: unknown },
			e: unknown,
		) => void;
		const mod = { exports: vm.runInContext("({})", context) as unknown };
		wrapper(requireFor(filename), mod, mod.exports);
		return mod.exports;
	}

	const obsidian = loadCjs(stubCode, "obsidian-stub.js") as StubModule;
	modules.set("obsidian", obsidian);

	return {
		context,
		obsidian,
		refusedRequires,
		consoleCalls,
		liveTimers: () => ({ timeouts: timeouts.size, intervals: intervals.size }),
		loadCjs,
		dispose() {
			for (const t of timeouts) clearTimeout(t);
			for (const t of intervals) clearInterval(t);
			timeouts.clear();
			intervals.clear();
		},
	};
}

export type PluginCtor = new (app: StubApp, manifest: Record<string, unknown>) => PluginLike;

/** module.exports of main.js → the plugin class (default export, as Obsidian reads it). */
export function pluginClass(exports: unknown): PluginCtor {
	const e = exports as { default?: unknown } | undefined;
	const cls = (e && typeof e === "object" && "default" in e ? e.default : exports) as unknown;
	if (typeof cls !== "function") throw new Error("main.js does not export a plugin class");
	return cls as PluginCtor;
}

/**
 * Loads the plugin the way Obsidian does: Component.load() runs onload; the
 * returned promise is the onload promise, so a caller can await it and time it.
 */
export async function loadPlugin(plugin: PluginLike): Promise<void> {
	const onload = plugin.onload.bind(plugin);
	let pending: unknown;
	plugin.onload = () => (pending = onload());
	try {
		plugin.load();
		await pending;
	} finally {
		plugin.onload = onload;
	}
}

/** The whole sequence, timed: fresh context, evaluate main.js, construct, load. */
export async function bootInVm(
	pluginCode: string,
	stubCode: string,
	files: Record<string, string> = {},
	beforeLoad?: (app: StubApp, host: VmHost) => void,
): Promise<{ host: VmHost; app: StubApp; plugin: PluginLike; evalMs: number; onloadMs: number }> {
	const host = createVmHost(stubCode);
	const manifest = await readManifest();
	const app = await host.obsidian.createApp__(files);
	beforeLoad?.(app, host);
	const t0 = performance.now();
	const exports = host.loadCjs(pluginCode, "main.js");
	const t1 = performance.now();
	const Cls = pluginClass(exports);
	const plugin = new Cls(app, manifest);
	await loadPlugin(plugin);
	const t2 = performance.now();
	return { host, app, plugin, evalMs: t1 - t0, onloadMs: t2 - t1 };
}
