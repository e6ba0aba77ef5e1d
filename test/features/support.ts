/** Shared set-up for the feature tests: images, a recording HTTP port, JSON progress parsing. */
import { promises as fs } from "node:fs";
import path from "node:path";
import { createNodeHttp } from "../../src/cli/http";
import { createImage, type Rgb } from "../../src/core/image";
import { encodePng } from "../../src/cli/image-codec";
import type { HttpPort, HttpRequest, HttpResponse } from "../../src/ports/http";
import { generate, KEY, type CliResult, type Harness } from "../e2e/helpers";
import type { GenerateDeps } from "../../src/cli/main";

export async function png(w: number, h: number, color: Rgb): Promise<Uint8Array> {
	return encodePng(createImage(w, h, color));
}

export async function writeBytes(vault: string, rel: string, bytes: Uint8Array): Promise<void> {
	const full = path.join(vault, rel);
	await fs.mkdir(path.dirname(full), { recursive: true });
	await fs.writeFile(full, bytes);
}

export async function readBytes(vault: string, rel: string): Promise<Uint8Array> {
	return new Uint8Array(await fs.readFile(path.join(vault, rel)));
}

export interface Recorded {
	req: HttpRequest;
	res?: HttpResponse;
}

/** The Node HTTP adapter, recording every request (and answer). */
export function recordingHttp(): HttpPort & { calls: Recorded[]; close(): Promise<void> } {
	const inner = createNodeHttp();
	const calls: Recorded[] = [];
	return {
		calls,
		async request(req, signal) {
			const rec: Recorded = { req };
			calls.push(rec);
			rec.res = await inner.request(req, signal);
			return rec.res;
		},
		close: () => inner.close(),
	};
}

export function bodyBytes(req: HttpRequest): Uint8Array {
	if (req.body === undefined) return new Uint8Array(0);
	return typeof req.body === "string" ? new TextEncoder().encode(req.body) : req.body;
}

/** Runs `generate --json` with a recording HTTP port and the Gemini key set. */
export async function run(
	h: Harness,
	vault: string,
	target: string,
	args: string[] = [],
	deps: GenerateDeps = {},
): Promise<CliResult & { http: Recorded[]; failures: string[]; warnings: string[] }> {
	const http = recordingHttp();
	try {
		const r = await generate(h, vault, target, ["--json", ...args], { http, env: { CINEFLOW_API_KEY: KEY, GEMINI_API_KEY: KEY }, ...deps });
		const rows = r.out
			.trim()
			.split("\n")
			.filter((l) => l.startsWith("{"))
			.map((l) => JSON.parse(l) as { type: string; state?: string; message?: string });
		return {
			...r,
			http: http.calls,
			failures: rows.filter((e) => e.type === "job" && (e.state === "failed" || e.state === "invalid")).map((e) => e.message ?? ""),
			warnings: rows.filter((e) => e.type === "warning").map((e) => e.message ?? ""),
		};
	} finally {
		await http.close();
	}
}

export function createCalls(calls: Recorded[], provider: string): Recorded[] {
	return calls.filter((c) => c.req.method === "POST" && c.req.url.includes(`/${provider}/`) && !c.req.url.includes("/content"));
}

export function geminiCalls(h: Harness): number {
	return h.sim.log.filter((e) => e.provider === "gemini").length;
}
