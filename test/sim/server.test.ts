/** The real HTTP server: clean start/stop, no leaked handles, socket-level faults. */
import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { createNodeHttp } from "../../src/cli/http";
import { createSimulator, simBaseUrl } from "../../src/sim/index";
import { ScaledClock } from "../../src/clocks/scaled";
import { VirtualClock } from "../../src/clocks/virtual";

function handles(): Record<string, number> {
	const out: Record<string, number> = {};
	for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
	return out;
}

function count(h: Record<string, number>, names: string[]): number {
	return names.reduce((n, k) => n + (h[k] ?? 0), 0);
}

const NET = ["TCPServerWrap", "TCPSocketWrap", "TCPWRAP", "TCPSERVERWRAP"];

describe("listen / close", () => {
	it("20 × listen + a keep-alive request + close leaves no server or socket behind", async () => {
		const before = count(handles(), NET);
		const sim = createSimulator({ clock: new VirtualClock(), apiKey: "k" });
		const http = createNodeHttp({ direct: true });
		for (let i = 0; i < 20; i++) {
			const l = await sim.listen(0);
			const res = await http.request({ method: "GET", url: `${simBaseUrl(l.origin, "openai")}/videos/none`, headers: { Authorization: "Bearer k" } });
			expect(res.status).toBe(404);
			await l.close();
		}
		await http.close();
		await new Promise((r) => setTimeout(r, 20));
		expect(count(handles(), NET)).toBeLessThanOrEqual(before);
	});

	it("close() ends idle keep-alive sockets held by a plain node:http agent", async () => {
		const sim = createSimulator({ clock: new VirtualClock() });
		const l = await sim.listen(0);
		await new Promise<void>((resolve, reject) => {
			const req = httpRequest(`${l.origin}/grok/v1/videos/none`, { headers: { Authorization: "Bearer x", Connection: "keep-alive" } }, (res) => {
				res.resume();
				res.on("end", () => resolve());
			});
			req.on("error", reject);
			req.end();
		});
		const started = Date.now();
		await l.close();
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it("serves a slow download at roughly the configured rate and stops cleanly mid-body", async () => {
		const sim = createSimulator({ clock: new ScaledClock(1), scenario: { jobDurationMs: 0, slowDownloadBytesPerSec: 100_000 } });
		const l = await sim.listen(0);
		const http = createNodeHttp({ direct: true });
		const base = simBaseUrl(l.origin, "grok");
		const c = await http.request({
			method: "POST",
			url: `${base}/videos/generations`,
			headers: { Authorization: "Bearer x", "Content-Type": "application/json" },
			body: JSON.stringify({ prompt: "p", duration: 8 }),
		});
		const id = JSON.parse(new TextDecoder().decode(c.body)).request_id as string;
		const p = await http.request({ method: "GET", url: `${base}/videos/${id}`, headers: { Authorization: "Bearer x" } });
		const url = JSON.parse(new TextDecoder().decode(p.body)).video.url as string;
		const t0 = Date.now();
		const dl = await http.request({ method: "GET", url });
		expect(dl.body).toEqual(sim.clipOf(id));
		expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
		// A download cut short by close() must not leave timers behind.
		const pending = http.request({ method: "GET", url }).catch((e: unknown) => e);
		await new Promise((r) => setTimeout(r, 50));
		await l.close();
		expect(await pending).toMatchObject({ kind: "network" });
		await http.close();
	});
});
