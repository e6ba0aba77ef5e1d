/**
 * Every adapter against the simulator over real loopback HTTP, through both HTTP
 * adapters (undici for the CLI, requestUrl for the plugin via the obsidian stub).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setRequestUrlHandler } from "../stubs/obsidian";
import { createNodeHttp } from "../../src/cli/http";
import { createObsidianHttp } from "../../src/obsidian/http";
import type { HttpPort } from "../../src/ports/http";
import type { Clock } from "../../src/ports/clock";
import { createSimulator, driveJob, simBaseUrl, type Simulator } from "../../src/sim/index";
import { simCases } from "../../src/sim/samples";
import { ScaledClock } from "../../src/clocks/scaled";

const KEY = "sk-loopback-0123456789abcdef";

let sim: Simulator;
let origin: string;
let close: () => Promise<void>;
const clock: Clock = new ScaledClock(1);
const node = createNodeHttp({ direct: true });

beforeAll(async () => {
	vi.stubGlobal("window", globalThis);
	sim = createSimulator({ clock, apiKey: KEY, scenario: { jobDurationMs: 60 } });
	const l = await sim.listen(0);
	origin = l.origin;
	close = l.close;
	// The obsidian stub's requestUrl goes over the same loopback socket via undici.
	setRequestUrlHandler(async (p) => {
		const body = p.body === undefined ? undefined : typeof p.body === "string" ? p.body : new Uint8Array(p.body);
		const headers = { ...(p.headers ?? {}), ...(p.contentType ? { "content-type": p.contentType } : {}) };
		const res = await node.request({ method: (p.method ?? "GET") as "GET", url: p.url, headers, body });
		return { status: res.status, headers: res.headers, body: res.body };
	});
});

afterAll(async () => {
	setRequestUrlHandler(undefined);
	vi.unstubAllGlobals();
	await node.close();
	await close();
});

const ports: Array<[string, () => HttpPort]> = [
	["undici", () => node],
	["requestUrl", () => createObsidianHttp()],
];

describe.each(ports)("over real HTTP via %s", (_name, port) => {
	it.each(simCases().map((c) => [c.name, c] as const))("%s: create → poll → download", async (_n, c) => {
		const baseUrl = simBaseUrl(origin, c.provider);
		const prompt = `${c.name} ${_name}`;
		const r = await driveJob({ adapter: c.adapter, http: port(), clock, baseUrl, apiKey: KEY, input: { ...c.input, prompt }, pollMs: 20 });
		expect(r.ok, JSON.stringify(r)).toBe(true);
		// The body is the clip of the task this prompt created, byte for byte.
		const task = sim.tasks().filter((x) => x.prompt === prompt);
		expect(task).toHaveLength(1);
		if (r.ok) expect(r.bytes).toEqual(sim.clipOf(task[0]?.id ?? ""));
	});
});

describe("socket faults over real HTTP", () => {
	it("a truncated download is a network error through undici", async () => {
		const c = simCases()[0];
		if (!c) throw new Error("no cases");
		sim.setScenario({ truncateDownloads: { count: 1 } });
		try {
			const r = await driveJob({
				adapter: c.adapter,
				http: node,
				clock,
				baseUrl: simBaseUrl(origin, c.provider),
				apiKey: KEY,
				input: { ...c.input, prompt: "truncate me" },
				pollMs: 20,
			});
			expect(r.ok).toBe(false);
			if (!r.ok) {
				expect(r.stage).toBe("download");
				expect(r.failure.cls).toBe("outage");
			}
		} finally {
			sim.setScenario({ truncateDownloads: 0 });
		}
	});

	it("a dropped connection is a network error", async () => {
		sim.setScenario({ dropConnections: 1 });
		try {
			await expect(
				node.request({ method: "GET", url: `${simBaseUrl(origin, "openai")}/videos/x`, headers: { Authorization: `Bearer ${KEY}` } }),
			).rejects.toMatchObject({
				kind: "network",
			});
		} finally {
			sim.setScenario({ dropConnections: 0 });
		}
	});
});
