/**
 * Keyframes with the Gemini image model ("Nano Banana Pro"), end to end: the
 * still is generated first (synchronous generateContent on the simulator), saved
 * to `_assets/<note>/keyframes/<shot id>.png`, embedded under the shot and sent as
 * the video's reference. Reruns reuse it (keyframe journal): no second Gemini call.
 *
 * The video goes to Runway (gen4.5): a live provider that takes the first frame as bytes
 * (a data URI in `promptImage`) and has no native reference images, so what it gets is
 * exactly the keyframe CineFlow made. (These tests used OpenAI's multipart
 * `input_reference` before OpenAI's Videos API was shut down.)
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decodePng, nodeImageCodec } from "../../src/cli/image-codec";
import { generateGeminiImage, geminiBody, parseGeminiImage } from "../../src/core/run/gemini";
import { createRedactor } from "../../src/core/redact";
import { simBaseUrl } from "../../src/sim/index";
import { creates, KEY, shot, startSim, tempVault, type Harness } from "../e2e/helpers";
import { FsVault } from "../../src/cli/fs-vault";
import { parseMarkdown } from "../../src/core/parse";
import { planJobs } from "../../src/core/plan";
import { getModelSpec } from "../../src/core/providers/catalog";
import { createPrepareReference, KEYFRAME_RETRY_MS } from "../../src/core/run/prepare";
import { defaultLinkResolver } from "../../src/core/run/references";
import { TEST_SETTINGS } from "../support/settings";
import { createSimulator } from "../../src/sim/index";
import type { HttpPort } from "../../src/ports/http";
import { bodyBytes, createCalls, geminiCalls, png, readBytes, recordingHttp, run, writeBytes } from "./support";

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
});

const HEAD =
	'---\ncineflow:\n  provider: runway\n  characters:\n    Alice:\n      id: "@alice"\n      description: red raincoat\n      image: alice.png\n---\n';

/** The first frame the n-th video create carried: Runway's `promptImage`, a PNG data URI. */
function sentReference(calls: Parameters<typeof createCalls>[0], n = 0): Uint8Array {
	const call = createCalls(calls, "runway")[n];
	const body = JSON.parse(new TextDecoder().decode(bodyBytes(call!.req))) as { promptImage?: unknown };
	expect(typeof body.promptImage).toBe("string");
	const m = /^data:image\/png;base64,([A-Za-z0-9+/]+=*)$/.exec(body.promptImage as string);
	expect(m).not.toBeNull();
	return new Uint8Array(Buffer.from(m![1]!, "base64"));
}

function geminiRequest(calls: Parameters<typeof createCalls>[0]): {
	contents: Array<{ parts: Array<{ text?: string; inlineData?: { mimeType: string; data: string } }> }>;
	generationConfig: unknown;
} {
	const c = calls.find((x) => x.req.url.includes(":generateContent"));
	return JSON.parse(new TextDecoder().decode(bodyBytes(c!.req))) as ReturnType<typeof geminiRequest>;
}

describe("keyframes", () => {
	it("keyframe: true → Gemini still saved, embedded under the shot, sent (fitted to 1280x720) as the reference; reruns reuse it", async () => {
		h = await startSim();
		const text = HEAD + "# Ep\n\n" + shot("s01", "[Alice] opens her umbrella", "keyframe: true\nscene: Neon alley\n") + "After.\n";
		const vault = await tempVault({ "Scenes/Ep.md": text });
		const alice = await png(12, 12, [200, 0, 0]);
		await writeBytes(vault, "Scenes/alice.png", alice);
		const r = await run(h, vault, "Scenes/Ep.md");
		expect(r.failures).toEqual([]);
		expect(r.code).toBe(0);
		expect(geminiCalls(h)).toBe(1);
		// The request: prompt without markers, scene, cast description, the character's image inline, 16:9.
		const g = geminiRequest(r.http);
		expect(g.contents[0]!.parts[0]!.text).toBe(
			"Alice opens her umbrella Scene: Neon alley. Characters: Alice: red raincoat. Reference images, in order: Alice. One still frame, horizontal 16:9, the first frame of the shot.",
		);
		expect(g.contents[0]!.parts[1]!.inlineData).toEqual({ mimeType: "image/png", data: Buffer.from(alice).toString("base64") });
		expect(g.generationConfig).toEqual({ responseModalities: ["IMAGE"], imageConfig: { aspectRatio: "16:9", imageSize: "1K" } });
		// Saved as returned (172x96, like Gemini's 1376x768: not exactly 16:9).
		const kf = await decodePng(await readBytes(vault, "Scenes/_assets/Ep/keyframes/s01.png"));
		expect([kf.width, kf.height]).toEqual([172, 96]);
		// Sent at the video's exact size (1280x720; some APIs require the first frame to match `size`).
		const sent = await decodePng(sentReference(r.http));
		expect([sent.width, sent.height]).toEqual([1280, 720]);
		expect([...sent.data.subarray((360 * 1280 + 640) * 4, (360 * 1280 + 640) * 4 + 3)]).toEqual([
			...kf.data.subarray((48 * 172 + 86) * 4, (48 * 172 + 86) * 4 + 3),
		]);
		// Embedded under the shot, next to the video.
		const note = await fs.readFile(path.join(vault, "Scenes/Ep.md"), "utf8");
		expect(note).toBe(
			HEAD +
				"# Ep\n\n" +
				shot("s01", "[Alice] opens her umbrella", "keyframe: true\nscene: Neon alley\n") +
				"![[_assets/Ep/s01.mp4]]\n![[_assets/Ep/keyframes/s01.png]]\nAfter.\n",
		);
		// Journal entry for the keyframe.
		const journal = JSON.parse(await fs.readFile(path.join(vault, "Scenes/_assets/Ep/keyframes/.cineflow-keyframes.json"), "utf8")) as {
			entries: Record<string, { hash: string; model: string }>;
		};
		expect(journal.entries.s01?.model).toBe("gemini-3-pro-image");

		// Another take: the video is generated again, the keyframe is not.
		const r2 = await run(h, vault, "Scenes/Ep.md", ["--takes", "2"]);
		expect(r2.failures).toEqual([]);
		expect(creates(h)).toBe(2);
		expect(geminiCalls(h)).toBe(1);
		expect(sentReference(r2.http)).toEqual(sentReference(r.http));
		const note2 = await fs.readFile(path.join(vault, "Scenes/Ep.md"), "utf8");
		expect(note2.match(/keyframes\/s01\.png/g)).toHaveLength(1);

		// Editing the keyframe prompt makes a new keyframe on the next take.
		await fs.writeFile(
			path.join(vault, "Scenes/Ep.md"),
			note2.replace("keyframe: true\n", "keyframe: true\nkeyframe_prompt: Alice under a red umbrella, wide shot\n"),
		);
		const r3 = await run(h, vault, "Scenes/Ep.md", ["--takes", "3"]);
		expect(r3.failures).toEqual([]);
		expect(geminiCalls(h)).toBe(2);
		expect(geminiRequest(r3.http).contents[0]!.parts[0]!.text).toMatch(/^Alice under a red umbrella, wide shot Scene: Neon alley\./);
	});

	it("keyframe_prompt alone turns keyframes on; vertical shots ask for 9:16; Sora.hk gets the keyframe through the uploader", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("v1", "A tall tower", "orientation: vertical\nkeyframe_prompt: Low angle of a glass tower at dusk\n") });
		const r = await run(h, vault, "Ep.md", ["--upload-url", `${simBaseUrl(h.origin, "upload")}/put/{name}`]);
		expect(r.failures).toEqual([]);
		expect((geminiRequest(r.http).generationConfig as { imageConfig: { aspectRatio: string } }).imageConfig.aspectRatio).toBe("9:16");
		const kf = await decodePng(await readBytes(vault, "_assets/Ep/keyframes/v1.png"));
		expect([kf.width, kf.height]).toEqual([96, 172]);
		const [call] = createCalls(r.http, "sorahk");
		const url = (JSON.parse(new TextDecoder().decode(bodyBytes(call!.req))) as { image_url: string }).image_url;
		const uploaded = await decodePng(h.sim.uploads().get(new URL(url).pathname)!.bytes);
		expect([uploaded.width, uploaded.height]).toEqual([720, 1280]);
	});

	it("a blocked keyframe prompt fails the shot before any video is paid for", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Ep.md": "---\ncineflow:\n  provider: runway\n---\n" + shot("s01", "fine video prompt", "keyframe_prompt: something FORBIDDEN\n"),
		});
		const r = await run(h, vault, "Ep.md");
		expect(r.code).toBe(1);
		expect(r.failures).toEqual([
			"Ep.md:5 shot s01: keyframe: the Gemini image model blocked the keyframe prompt (SAFETY); change the prompt or keyframe_prompt",
		]);
		expect(creates(h)).toBe(0);
		await expect(fs.stat(path.join(vault, "_assets/Ep/keyframes/s01.png"))).rejects.toThrow();
	});

	it("Gemini errors (HTTP 500, no image) and a missing key fail the shot with the reason; the key never leaks", async () => {
		h = await startSim({ geminiStatus: 500 });
		const vault = await tempVault({
			"Ep.md": "---\ncineflow:\n  provider: runway\n---\n" + shot("s01", "x", "keyframe: true\n") + shot("s02", "NO_IMAGE please", "keyframe: true\n"),
		});
		const r = await run(h, vault, "Ep.md");
		expect(r.failures).toHaveLength(2);
		for (const f of r.failures)
			expect(f).toMatch(/^Ep\.md:\d+ shot s0\d: keyframe: the Gemini image model answered HTTP 500 INTERNAL: An internal error has occurred/);
		// 5xx is retried (3 tries per keyframe), then the shot fails.
		expect(geminiCalls(h)).toBe(6);
		expect(creates(h)).toBe(0);
		// Nothing was submitted, so nothing is journaled as failed: the next run simply tries again.
		h.sim.setScenario({ geminiStatus: null });
		const r2 = await run(h, vault, "Ep.md");
		expect(r2.failures).toEqual([
			"Ep.md:10 shot s02: keyframe: the Gemini image model returned no image (finishReason STOP): I can't draw that, but here is a description.",
		]);
		expect(creates(h)).toBe(1);
		const r3 = await run(h, vault, "Ep.md", ["--takes", "2"], { env: { CINEFLOW_API_KEY: KEY } });
		// s01 has its keyframe from r2 (reused, no key needed); s02 has none and no key is set.
		// (Its fence moved down two lines: s01's video and keyframe embeds are above it now.)
		const noKey = "Ep.md:12 shot s02: the shot asks for a keyframe and no Gemini API key is set: set GEMINI_API_KEY (CLI) or add the key in settings";
		expect(r3.failures).toEqual([noKey, noKey]);
		for (const out of [r.out, r2.out, r3.out]) expect(out.includes(KEY)).toBe(false);
		expect(creates(h)).toBe(2);
	});

	it("Gemini 503 and 429 are retried (in process, virtual time): the keyframe is made once it is back", async () => {
		let t = Date.UTC(2026, 0, 1);
		const slept: number[] = [];
		const clock = { now: () => t, sleep: (ms: number) => ((t += ms), slept.push(ms), Promise.resolve()) };
		const sim = createSimulator({ clock, apiKey: KEY });
		const inner = sim.transport();
		let calls = 0;
		const http: HttpPort = {
			request: (req, signal) => {
				calls++;
				if (calls === 1) return Promise.resolve({ status: 503, headers: {}, body: new TextEncoder().encode("<html>503 Service Unavailable</html>") });
				if (calls === 2)
					return Promise.resolve({
						status: 429,
						headers: {},
						body: new TextEncoder().encode(
							JSON.stringify({ error: { code: 429, message: "Resource has been exhausted", status: "RESOURCE_EXHAUSTED" } }),
						),
					});
				return inner.request(req, signal);
			},
		};
		const dir = await tempVault({ "Ep.md": "---\ncineflow:\n  provider: runway\n---\n" + shot("s01", "x", "keyframe: true\n") });
		const vault = new FsVault(dir);
		const settings = { ...TEST_SETTINGS, keyframes: { ...TEST_SETTINGS.keyframes, baseUrl: "http://sim.test/gemini/v1beta" } };
		const plan = planJobs([parseMarkdown("Ep.md", (await vault.read("Ep.md"))!)], settings, new Map());
		const job = plan.jobs[0]!;
		const prepare = createPrepareReference({ vault, http, clock, settings, codec: nodeImageCodec, embedLine: (f) => `![[${f}]]`, geminiKey: () => KEY });
		const refCtx = { vault, resolveLink: defaultLinkResolver(vault), providerLabel: "Runway" };
		const ref = await prepare({ job, shot: plan.shots[0], spec: getModelSpec("runway", job.model)!, refCtx, redact: createRedactor([KEY]) });
		expect(ref?.kind).toBe("bytes");
		expect(calls).toBe(3);
		expect(slept).toEqual([KEYFRAME_RETRY_MS, KEYFRAME_RETRY_MS * 2]);
		expect(await readBytes(dir, "_assets/Ep/keyframes/s01.png")).toHaveLength((await vault.stat("_assets/Ep/keyframes/s01.png"))!.size);
		// A second hook (a new run) reuses the keyframe: no HTTP at all.
		const again = createPrepareReference({ vault, http, clock, settings, codec: nodeImageCodec, embedLine: (f) => `![[${f}]]`, geminiKey: () => null });
		const ref2 = await again({ job, shot: plan.shots[0], spec: getModelSpec("runway", job.model)!, refCtx, redact: createRedactor([KEY]) });
		expect(calls).toBe(3);
		expect(ref2).toEqual(ref);
		// The embed is there once.
		expect(((await vault.read("Ep.md")) ?? "").match(/keyframes\/s01\.png/g)).toHaveLength(1);
	});

	it("a keyframe written before a crash (no video yet) is reused by the next run, not paid for again", async () => {
		h = await startSim();
		// Seedance, not Runway: the refused create leaves its journal entry "submitting", and only a
		// provider whose tasks can be looked up (as OpenAI's could) lets the next run see that nothing
		// was created and submit; Runway's would be reported "unknown" (a gap in the runner, not in keyframes).
		const vault = await tempVault({ "Ep.md": "---\ncineflow:\n  provider: seedance\n---\n" + shot("s01", "x", "keyframe: true\n") });
		// First run: the keyframe is made, then the video create is refused (quota) and nothing else happens.
		h.sim.setScenario({ quotaAfterCreates: 0 });
		const r = await run(h, vault, "Ep.md");
		expect(r.code).toBe(3);
		expect(geminiCalls(h)).toBe(1);
		h.sim.setScenario({ quotaAfterCreates: null });
		const r2 = await run(h, vault, "Ep.md");
		expect(r2.failures).toEqual([]);
		expect(r2.code).toBe(0);
		expect(geminiCalls(h)).toBe(1);
	});
});

describe("Gemini client", () => {
	it("parses inline images, blocked candidates and error bodies; redacts the key", async () => {
		const redact = createRedactor([KEY]);
		const pngBytes = await png(2, 2, [1, 2, 3]);
		const ok = {
			status: 200,
			headers: {},
			body: new TextEncoder().encode(
				JSON.stringify({
					candidates: [{ content: { parts: [{ inline_data: { mime_type: "image/png", data: Buffer.from(pngBytes).toString("base64") } }] } }],
				}),
			),
		};
		expect(parseGeminiImage(ok, redact)).toEqual({ bytes: pngBytes, mime: "image/png" });
		const blocked = {
			status: 200,
			headers: {},
			body: new TextEncoder().encode(JSON.stringify({ candidates: [{ finishReason: "IMAGE_SAFETY", content: { parts: [] } }] })),
		};
		expect(() => parseGeminiImage(blocked, redact)).toThrow(
			"the Gemini image model blocked the keyframe (IMAGE_SAFETY); change the prompt or keyframe_prompt",
		);
		const err = {
			status: 400,
			headers: {},
			body: new TextEncoder().encode(JSON.stringify({ error: { code: 400, message: `API key ${KEY} not valid`, status: "INVALID_ARGUMENT" } })),
		};
		expect(() => parseGeminiImage(err, redact)).toThrow(/^the Gemini image model answered HTTP 400 INVALID_ARGUMENT: API key \S+ not valid$/);
		expect(() => parseGeminiImage(err, redact)).not.toThrow(KEY);
		expect(JSON.parse(geminiBody({ prompt: "p", aspectRatio: "16:9", imageSize: "2K", images: [] }))).toEqual({
			contents: [{ role: "user", parts: [{ text: "p" }] }],
			generationConfig: { responseModalities: ["IMAGE"], imageConfig: { aspectRatio: "16:9", imageSize: "2K" } },
		});
	});

	it("sends the key as x-goog-api-key to {base}/models/{model}:generateContent; a wrong key is refused", async () => {
		h = await startSim();
		const http = recordingHttp();
		try {
			const base = simBaseUrl(h.origin, "gemini");
			const img = await generateGeminiImage({
				http,
				baseUrl: base,
				model: "gemini-3-pro-image",
				apiKey: KEY,
				prompt: "a cat",
				aspectRatio: "16:9",
				imageSize: "1K",
				images: [],
				redact: createRedactor([KEY]),
			});
			expect(img.mime).toBe("image/png");
			expect(http.calls[0]!.req.url).toBe(`${base}/models/gemini-3-pro-image:generateContent`);
			expect(http.calls[0]!.req.headers?.["x-goog-api-key"]).toBe(KEY);
			await expect(
				generateGeminiImage({
					http,
					baseUrl: base,
					model: "m",
					apiKey: "wrong-key-0000000000",
					prompt: "a cat",
					aspectRatio: "16:9",
					imageSize: "1K",
					images: [],
					redact: createRedactor(["wrong-key-0000000000"]),
				}),
			).rejects.toThrow("the Gemini image model answered HTTP 400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key.");
		} finally {
			await http.close();
		}
	});
});
