/**
 * The simulator's demo clips, read back with independent readers (./parse.ts):
 * MP4 boxes, durations, sample and sync tables, the avcC record and SPS, and the
 * pictures themselves (the I_PCM / P_Skip subset decoded to luma).
 */
import { describe, expect, it } from "vitest";
import { isVideo } from "../../../src/core/download";
import { clipGeometry, encodeClip, type ClipSpec } from "../../../src/sim/video/clip";
import { decodeLuma, readClip, readSps } from "./parse";

const PROMPT = "Neon signs flicker over a rain-soaked street at night, slow crane down to street level";
const spec = (o: Partial<ClipSpec> = {}): ClipSpec => ({ title: "s01", prompt: PROMPT, seconds: 10, size: "1280x720", ...o });

/** Luma pixels brighter than the background (the drawn text) inside a rectangle, as a 0/1 mask. */
function textMask(luma: Uint8Array, width: number, x0: number, y0: number, w: number, h: number): number[] {
	const out: number[] = [];
	for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) out.push((luma[y * width + x] ?? 0) > 200 ? 1 : 0);
	return out;
}
const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);

describe("clip container", () => {
	it("a 10 s landscape clip: 256×144, 100 samples at 10 fps, one sync sample, durations agree", () => {
		const bytes = encodeClip(spec());
		expect(isVideo(bytes)).toBe("mp4");
		const c = readClip(bytes);
		expect(c.brand).toBe("isom");
		expect(c.handler).toBe("vide");
		expect(c.codec).toBe("avc1");
		expect([c.width, c.height]).toEqual([256, 144]);
		expect(c.movieDuration / c.movieTimescale).toBe(10);
		expect(c.mediaDuration / c.mediaTimescale).toBe(10);
		expect(c.stts).toEqual([{ count: 100, delta: c.mediaTimescale / 10 }]);
		expect(c.sizes).toHaveLength(100);
		expect(c.sync).toEqual([1]);
		// One chunk holding every sample, inside mdat, which holds nothing else.
		expect(c.samplesPerChunk).toBe(100);
		expect(c.chunkOffsets).toEqual([c.mdat.start]);
		expect(c.sizes.reduce((s, x) => s + x, 0)).toBe(c.mdat.body.length);
		// The first sample is an IDR slice, every other one a non-IDR slice.
		expect(c.samples.map((s) => s.map((n) => (n[0] ?? 0) & 31))).toEqual([[5], ...Array.from({ length: 99 }, () => [1])]);
	});

	it("avcC and SPS say Constrained Baseline, 4-byte lengths, 16×9 macroblocks, frames only", () => {
		const c = readClip(encodeClip(spec()));
		expect(c.avcC).toMatchObject({ version: 1, profile: 66, compat: 0xc0, level: 20, lengthSize: 4 });
		expect(c.avcC.sps[0]).toBe(0x67);
		expect(c.avcC.pps[0]).toBe(0x68);
		const s = readSps(c.avcC.sps);
		expect(s).toMatchObject({ profile: 66, constraints: 0xc0, level: 20, widthMbs: 16, heightMbs: 9, frameMbsOnly: 1, maxRefFrames: 1, crop: false });
	});

	it("follows the request: portrait sizes give 144×256, the seconds give the duration", () => {
		for (const size of ["720x1280", "720*1280", "9:16", "vertical", "1080x1920"]) expect(clipGeometry(size), size).toEqual({ width: 144, height: 256 });
		for (const size of ["1280x720", "1920*1080", "16:9", "horizontal", "720p", "default", ""])
			expect(clipGeometry(size), size).toEqual({ width: 256, height: 144 });
		expect(clipGeometry("1:1")).toEqual({ width: 144, height: 144 });
		expect(clipGeometry("4:3")).toEqual({ width: 192, height: 144 });
		const p = readClip(encodeClip(spec({ size: "720x1280", seconds: 4 })));
		expect([p.width, p.height]).toEqual([144, 256]);
		expect(p.movieDuration / p.movieTimescale).toBe(4);
		expect(p.sizes).toHaveLength(40);
		expect(readSps(p.avcC.sps)).toMatchObject({ widthMbs: 9, heightMbs: 16 });
		const odd = readClip(encodeClip(spec({ seconds: 0 })));
		expect(odd.movieDuration / odd.movieTimescale).toBe(1);
	});

	it("is deterministic for a spec and differs between specs", () => {
		expect(encodeClip(spec())).toEqual(encodeClip(spec()));
		expect(encodeClip(spec({ title: "s02" }))).not.toEqual(encodeClip(spec()));
		expect(encodeClip(spec({ prompt: "Another shot" }))).not.toEqual(encodeClip(spec()));
	});

	it("a 10 s clip stays small (under 50 KB)", () => {
		for (const size of ["1280x720", "720x1280"]) expect(encodeClip(spec({ size })).length).toBeLessThan(50_000);
	});
});

describe("clip pictures", () => {
	it("decodes: an IDR of I_PCM and predicted flat macroblocks, then P frames that code only the counter band, once per second", () => {
		const d = decodeLuma(readClip(encodeClip(spec({ seconds: 3 }))));
		expect(d.lumas).toHaveLength(30);
		// The IDR: text as I_PCM, flat areas predicted; every macroblock is one or the other.
		expect((d.coded[0] ?? 0) + (d.predicted[0] ?? 0)).toBe(144);
		expect(d.predicted[0]).toBeGreaterThan(20);
		d.coded.forEach((n, i) => {
			if (i === 0) return;
			if (i % 10 === 0) expect(n, `frame ${i}`).toBeGreaterThan(0);
			else expect(n, `frame ${i}`).toBe(0);
		});
		expect(d.frameNums.slice(0, 3)).toEqual([0, 1, 2]);
		// Only the bottom band (two macroblock rows) ever changes; it changes at 1 s and 2 s.
		const first = d.lumas[0] ?? new Uint8Array();
		const at = (i: number) => d.lumas[i] ?? new Uint8Array();
		const top = 256 * 112;
		expect(at(29).subarray(0, top)).toEqual(first.subarray(0, top));
		expect(at(9)).toEqual(first);
		expect(at(10).subarray(top)).not.toEqual(first.subarray(top));
		expect(at(20).subarray(top)).not.toEqual(at(10).subarray(top));
	});

	it("draws the shot id: its text pixels differ between two shots with the same prompt", () => {
		const a = decodeLuma(readClip(encodeClip(spec({ title: "s01" })))).lumas[0] ?? new Uint8Array();
		const b = decodeLuma(readClip(encodeClip(spec({ title: "s07" })))).lumas[0] ?? new Uint8Array();
		// The title: 3× glyphs (18 px apart) from (8, 8), 21 px high; "s0" is the same, the third glyph is not.
		expect(textMask(a, 256, 8, 8, 36, 21)).toEqual(textMask(b, 256, 8, 8, 36, 21));
		const ma = textMask(a, 256, 44, 8, 18, 21);
		const mb = textMask(b, 256, 44, 8, 18, 21);
		expect(sum(ma)).toBeGreaterThan(20);
		expect(sum(mb)).toBeGreaterThan(20);
		expect(ma).not.toEqual(mb);
		// The prompt's first words are drawn below the title; the same prompt gives the same text.
		const pa = textMask(a, 256, 8, 37, 240, 60);
		expect(sum(pa)).toBeGreaterThan(200);
		expect(textMask(b, 256, 8, 37, 240, 60)).toEqual(pa);
	});
});
