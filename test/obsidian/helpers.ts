/** Shared set-up for the plugin tests: a stub app with an in-memory vault, the plugin loaded on it. */
import { vi } from "vitest";
import CineFlowPlugin from "../../src/main";
import type { RunDeps } from "../../src/obsidian/run-service";
import { bodyText, type HttpRequest } from "../../src/ports/http";
import type { Simulator } from "../../src/sim/index";
import { App, Notice, createApp__, setRequestUrlHandler, type PluginManifest } from "../stubs/obsidian";
import { shotBlock, storyboard } from "../support/shots";

export const MANIFEST: PluginManifest = { id: "cineflow", name: "CineFlow", version: "0.1.0", minAppVersion: "1.11.4" };

/** The plugin code uses window timers, as Obsidian plugins must. */
export function useWindow(): void {
	vi.stubGlobal("window", globalThis);
}

export interface Loaded {
	app: App;
	plugin: CineFlowPlugin;
	/** Every payload given to saveData, as JSON text. */
	saved: string[];
}

/** Plugin data of a vault whose user already chose the seed tool's provider (a fresh install has none). */
export const CONFIGURED = { ".obsidian/plugins/cineflow/data.json": JSON.stringify({ version: 2, provider: "sorahk" }) };

export async function loadPlugin(
	files: Record<string, string | Uint8Array> = {},
	opts: { app?: App; layoutReady?: boolean; runDeps?: Partial<RunDeps>; fresh?: boolean } = {},
): Promise<Loaded> {
	const app = opts.app ?? (await createApp__(opts.fresh ? files : { ...CONFIGURED, ...files }));
	const plugin = new CineFlowPlugin(app as never, MANIFEST as never);
	if (opts.runDeps) plugin.runDeps = opts.runDeps;
	const saved: string[] = [];
	const save = plugin.saveData.bind(plugin);
	plugin.saveData = async (data: unknown) => {
		saved.push(JSON.stringify(data));
		await save(data);
	};
	await (plugin as unknown as { loadAsync__(): Promise<void> }).loadAsync__();
	if (opts.layoutReady !== false) app.workspace.setLayoutReady__();
	return { app, plugin, saved };
}

export function unload(plugin: CineFlowPlugin): void {
	(plugin as unknown as { unload(): void }).unload();
}

/** A note of `n` shots (s01, s02 …) with the given `cineflow:` front matter. */
export function noteWithShots(n: number, cineflow: Record<string, string | number | boolean> = { provider: "sorahk", duration: 10 }): string {
	const shots = Array.from({ length: n }, (_, k) =>
		shotBlock({ id: `s${String(k + 1).padStart(2, "0")}`, prompt: `Shot number ${k + 1} of the storm, wide and slow` }),
	);
	return storyboard({ cineflow, title: "Scene" }, ...shots);
}

/** Points the stub's requestUrl at an in-process simulator (as Obsidian's network stack would reach it). */
export function routeRequestUrl(sim: Simulator): void {
	setRequestUrlHandler(async (param) => {
		const headers: Record<string, string> = { ...(param.headers ?? {}) };
		if (param.contentType) headers["content-type"] = param.contentType;
		const body = param.body === undefined ? undefined : typeof param.body === "string" ? param.body : new Uint8Array(param.body);
		const req: HttpRequest = { method: (param.method ?? "GET") as HttpRequest["method"], url: param.url, headers, body };
		const res = await sim.handle(req);
		return { status: res.status, headers: res.headers, body: res.body };
	});
}

export function notices(): string[] {
	return Notice.shown__.map((n) => n.text__);
}

export { bodyText };
