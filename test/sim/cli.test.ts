import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createNodeHttp } from "../../src/cli/http";
import { runSimCli } from "../../src/sim/cli";
import { ScaledClock } from "../../src/clocks/scaled";

function io(until: Promise<unknown>) {
	const lines: string[] = [];
	const errs: string[] = [];
	let origin = "";
	return {
		lines,
		errs,
		get origin() {
			return origin;
		},
		io: {
			out: (l: string) => lines.push(l),
			err: (l: string) => errs.push(l),
			until,
			onListening: (o: string) => {
				origin = o;
			},
		},
	};
}

describe("cineflow sim", () => {
	it("prints base URLs, serves the scenario, and stops cleanly", async () => {
		const dir = mkdtempSync(join(tmpdir(), "cf-sim-"));
		const file = join(dir, "s.json");
		writeFileSync(file, JSON.stringify({ capacity: 0 }));
		let stop: () => void = () => {};
		const until = new Promise<void>((r) => (stop = r));
		const h = io(until);
		const done = runSimCli(["--provider", "openai", "--port", "0", "--scenario", file, "--time-scale", "60", "--key", "sk-cli-000000000000"], h.io);
		for (let i = 0; i < 100 && !h.origin; i++) await new Promise((r) => setTimeout(r, 10));
		expect(h.lines.join("\n")).toContain(`openai base URL: ${h.origin}/openai/v1`);
		expect(h.lines.join("\n")).toContain(`${h.origin}/sorahk/v1`);
		const http = createNodeHttp({ direct: true });
		const res = await http.request({
			method: "POST",
			url: `${h.origin}/openai/v1/videos`,
			headers: { Authorization: "Bearer sk-cli-000000000000", "Content-Type": "application/json" },
			body: JSON.stringify({ model: "sora-2", prompt: "p", seconds: "4", size: "1280x720" }),
		});
		expect(res.status).toBe(429);
		await http.close();
		stop();
		expect(await done).toBe(0);
		expect(h.lines.at(-1)).toMatch(/^stopped; 1 requests, 0 tasks/);
	});

	it("rejects bad arguments and bad scenario files with exit code 2", async () => {
		const h = io(Promise.resolve());
		expect(await runSimCli(["--provider", "nope"], h.io)).toBe(2);
		expect(await runSimCli(["--port", "x"], h.io)).toBe(2);
		expect(await runSimCli(["--time-scale", "0"], h.io)).toBe(2);
		expect(await runSimCli(["--bogus"], h.io)).toBe(2);
		const dir = mkdtempSync(join(tmpdir(), "cf-sim-"));
		const file = join(dir, "bad.json");
		writeFileSync(file, JSON.stringify({ capacity: "lots" }));
		expect(await runSimCli(["--scenario", file], h.io)).toBe(2);
		expect(h.errs.at(-1)).toMatch(/Invalid scenario: capacity/);
		expect(await runSimCli(["--help"], h.io)).toBe(0);
	});
});

describe("ScaledClock", () => {
	it("runs scale× faster and honours AbortSignal", async () => {
		const c = new ScaledClock(100);
		const t0 = c.now();
		const r0 = Date.now();
		await c.sleep(2000);
		expect(Date.now() - r0).toBeLessThan(500);
		expect(c.now() - t0).toBeGreaterThanOrEqual(1900);
		const ac = new AbortController();
		const p = c.sleep(1e9, ac.signal);
		ac.abort();
		await expect(p).rejects.toMatchObject({ name: "AbortError" });
		expect(() => new ScaledClock(0)).toThrow();
	});
});
