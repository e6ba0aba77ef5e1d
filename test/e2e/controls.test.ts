/**
 * The neutral shot controls reach the wire: a shot with a first and a last frame,
 * a negative prompt, a seed, audio off and 1080p goes through the CLI, the plan,
 * the runner and fal's Veo 3.1 mapping, and the create body carries each of them.
 * The first- and last-frame bytes are checked against the vault images.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createNodeHttp } from "../../src/cli/http";
import type { HttpPort, HttpRequest } from "../../src/ports/http";
import { generate, shot, startSim, tempVault, type Harness } from "./helpers";

let h: Harness | undefined;
afterEach(async () => {
	await h?.close();
	h = undefined;
});

const ALLEY = readFileSync(new URL("../../examples/vault/Short film/refs/Alley.png", import.meta.url));
const ALICE = readFileSync(new URL("../../examples/vault/Short film/refs/Alice.png", import.meta.url));

function recording(): { http: HttpPort & { close(): Promise<void> }; sent: HttpRequest[] } {
	const inner = createNodeHttp();
	const sent: HttpRequest[] = [];
	return { sent, http: { request: (req, signal) => (sent.push(req), inner.request(req, signal)), close: () => inner.close() } };
}

describe("neutral controls on the wire", () => {
	it("fal/veo3.1: first and last frame bytes, negative prompt, seed, audio off, 1080p at 8 s", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Ep.md":
				"---\ncineflow:\n  provider: fal\n  model: fal-ai/veo3.1\n---\n" +
				shot(
					"s1",
					"Rain on the alley",
					'duration: 8\nresolution: 1080p\naspect: "16:9"\nfirst_frame: "[[refs/Alley.png]]"\nlast_frame: "[[refs/Alice.png]]"\nnegative_prompt: text, watermark\nseed: 1234\naudio: off\n',
				),
		});
		const { writeFile, mkdir } = await import("node:fs/promises");
		await mkdir(`${vault}/refs`, { recursive: true });
		await writeFile(`${vault}/refs/Alley.png`, ALLEY);
		await writeFile(`${vault}/refs/Alice.png`, ALICE);
		const rec = recording();
		const r = await generate(h, vault, "Ep.md", ["--provider", "fal", "--model", "fal-ai/veo3.1"], { http: rec.http });
		expect(r.code, r.err + r.out).toBe(0);
		const creates = rec.sent.filter((q) => q.method === "POST" && q.url.includes("/fal/"));
		expect(creates).toHaveLength(1);
		const body = JSON.parse(String(creates[0]!.body)) as Record<string, unknown>;
		expect(body).toMatchObject({
			prompt: "Rain on the alley",
			negative_prompt: "text, watermark",
			seed: 1234,
			generate_audio: false,
			resolution: "1080p",
			aspect_ratio: "16:9",
		});
		const dataOf = (v: unknown) => Buffer.from(String(v).replace(/^data:image\/png;base64,/, ""), "base64");
		const first = Object.entries(body).find(([k]) => /first|start|image_url$/.test(k) && !/last|end/.test(k));
		const last = Object.entries(body).find(([k]) => /last|end/.test(k));
		expect(first, JSON.stringify(Object.keys(body))).toBeDefined();
		expect(last, JSON.stringify(Object.keys(body))).toBeDefined();
		expect(dataOf(first![1]).equals(ALLEY)).toBe(true);
		expect(dataOf(last![1]).equals(ALICE)).toBe(true);
	});

	it("a control the model lacks is refused before anything is sent, naming note:line:shot and the models that have it", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Ep.md": "---\ncineflow:\n  provider: runway\n  model: gen4.5\n---\n" + shot("s1", "x", "duration: 5\nlast_frame: https://x.test/end.png\n"),
		});
		const r = await generate(h, vault, "Ep.md", ["--provider", "runway", "--model", "gen4.5", "--dry-run"]);
		expect(r.code).toBe(2);
		expect(r.out).toMatch(/Ep\.md:\d+ shot s1: last_frame is not available for runway\/gen4\.5 \(models that have it: /);
		expect(h.sim.log).toHaveLength(0);
	});
});
