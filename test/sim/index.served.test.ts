/**
 * What the simulator serves: each task's download is that task's own clip (its
 * prompt, requested seconds and orientation), the same bytes on every download,
 * for every wire format; a caller that knows its storyboard names the shot on it.
 */
import { describe, expect, it } from "vitest";
import { createSimulator, driveJob, simBaseUrl, type ClipTitle } from "../../src/sim/index";
import { simCases, sampleInput, SIM_SECOND_KEY } from "../../src/sim/samples";
import { getAdapter } from "../../src/core/providers/index";
import type { VideoJobInput } from "../../src/core/providers/types";
import { VirtualClock } from "../../src/clocks/virtual";
import { decodeLuma, readClip } from "./video/parse";

const KEY = "sk-sim-0123456789abcdef";
const ORIGIN = "http://sim.test";

function make(clipTitle?: ClipTitle) {
	const clock = new VirtualClock();
	const sim = createSimulator({ clock, apiKey: KEY, secondKey: SIM_SECOND_KEY, scenario: { jobDurationMs: 30_000 }, clipTitle });
	return { clock, sim, http: sim.transport() };
}

async function drive(t: ReturnType<typeof make>, provider: string, input: VideoJobInput, adapter = getAdapter(provider)) {
	const secondKey = provider === "kling" ? SIM_SECOND_KEY : undefined;
	const r = await t.clock.run(
		driveJob({ adapter, http: t.http, clock: t.clock, baseUrl: simBaseUrl(ORIGIN, provider), apiKey: KEY, secondKey, input, pollMs: 10_000 }),
	);
	if (!r.ok) throw new Error(`${provider}: ${r.failure.message}`);
	return r;
}

const seconds = (bytes: Uint8Array) => {
	const c = readClip(bytes);
	return c.movieDuration / c.movieTimescale;
};

describe("served clips", () => {
	it("each task downloads its own clip, with the seconds and orientation it asked for", async () => {
		const t = make();
		const wide = await drive(t, "sorahk", {
			...sampleInput("sorahk", "Neon signs flicker over a rain-soaked street"),
			duration: 15,
			orientation: "horizontal",
		});
		const tall = await drive(t, "sorahk", { ...sampleInput("sorahk", "Alice pulls up her hood"), duration: 10, orientation: "vertical" });
		// The provider saw two creates with those prompts and served two downloads.
		expect(t.sim.log.filter((e) => e.route === "create").map((e) => e.prompt)).toEqual([
			"Neon signs flicker over a rain-soaked street",
			"Alice pulls up her hood",
		]);
		expect(t.sim.log.filter((e) => e.route === "download" && e.status === 200).map((e) => e.taskId)).toEqual([wide.taskId, tall.taskId]);
		expect(wide.bytes).toEqual(t.sim.clipOf(wide.taskId));
		expect(tall.bytes).toEqual(t.sim.clipOf(tall.taskId));
		expect(wide.bytes).not.toEqual(tall.bytes);
		expect(seconds(wide.bytes)).toBe(15);
		expect(seconds(tall.bytes)).toBe(10);
		expect(readClip(wide.bytes)).toMatchObject({ width: 256, height: 144 });
		expect(readClip(tall.bytes)).toMatchObject({ width: 144, height: 256 });
	});

	it("the same task gives the same bytes on every download, and the same run gives the same files", async () => {
		const a = make();
		const b = make();
		const input = sampleInput("openai", "A lighthouse at dusk");
		const ra = await drive(a, "openai", input);
		const rb = await drive(b, "openai", input);
		expect(ra.bytes).toEqual(rb.bytes);
		const again = await a.http.request({
			method: "GET",
			url: `${simBaseUrl(ORIGIN, "openai")}/videos/${ra.taskId}/content`,
			headers: { Authorization: `Bearer ${KEY}` },
		});
		expect(again.status).toBe(200);
		expect(again.body).toEqual(ra.bytes);
		expect(again.headers["content-length"]).toBe(String(ra.bytes.length));
	});

	it("clipTitle names the shot: two tasks with one prompt show different titles", async () => {
		const shots = new Map<number, string>();
		const t = make((task) => shots.get(task.createdAt));
		const input = sampleInput("grok", "Rooftop at dawn");
		shots.set(t.clock.now(), "s01");
		const one = await drive(t, "grok", input);
		shots.set(t.clock.now(), "s02");
		const two = await drive(t, "grok", input);
		const title = (bytes: Uint8Array) => {
			const luma = decodeLuma(readClip(bytes)).lumas[0] ?? new Uint8Array();
			const out: number[] = [];
			for (let y = 8; y < 29; y++) for (let x = 44; x < 62; x++) out.push((luma[y * 256 + x] ?? 0) > 200 ? 1 : 0);
			return out;
		};
		expect(title(one.bytes).some((v) => v === 1)).toBe(true);
		expect(title(one.bytes)).not.toEqual(title(two.bytes));
	});

	it.each(simCases().map((c) => [c.name, c] as const))("%s: the download is a clip of the requested length", async (_name, c) => {
		const t = make();
		const r = await drive(t, c.provider, c.input, c.adapter);
		const tasks = t.sim.tasks();
		expect(tasks).toHaveLength(1);
		expect(r.bytes).toEqual(t.sim.clipOf(tasks[0]?.id ?? ""));
		expect(seconds(r.bytes)).toBe(c.input.duration);
	});
});

describe("takes", () => {
	it("two tasks with one prompt and one title (two takes of a shot) get different clips", async () => {
		const t = make(() => "s03");
		const input = sampleInput("sorahk", "Alice steps into the alley");
		const one = await drive(t, "sorahk", input);
		const two = await drive(t, "sorahk", input);
		expect(one.taskId).not.toEqual(two.taskId);
		expect(one.bytes).not.toEqual(two.bytes);
		// Same shot, same length and size: only the picture differs.
		expect(readClip(one.bytes)).toMatchObject({ width: 256, height: 144, movieDuration: readClip(two.bytes).movieDuration });
		expect(decodeLuma(readClip(one.bytes)).lumas[0]).not.toEqual(decodeLuma(readClip(two.bytes)).lumas[0]);
	});
});
