/** Pixel sizes, resolution labels and aspect ratios (src/core/providers/geometry.ts). */
import { describe, expect, it } from "vitest";
import { aspectOf, aspectRatio, orientationOfAspect, resolutionLabel, resolutionOf, sizeOf, sizeWH } from "../../../src/core/providers/geometry";
import type { Aspect, Resolution } from "../../../src/core/providers/types";

const RESOLUTIONS: Resolution[] = ["480p", "540p", "720p", "768p", "1080p", "1440p", "4k"];
const ASPECTS: Aspect[] = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"];

describe("sizeWH and resolutionLabel", () => {
	it("reads 'WxH' with x, *, × and spaces; anything else is not a size", () => {
		expect(sizeWH("1280x720")).toEqual([1280, 720]);
		expect(sizeWH(" 720 * 1280 ")).toEqual([720, 1280]);
		expect(sizeWH("1920×1080")).toEqual([1920, 1080]);
		expect(sizeWH("1280X720")).toEqual([1280, 720]);
		expect(sizeWH("720p")).toBeUndefined();
		expect(sizeWH("1280x")).toBeUndefined();
	});

	it("labels a size by its shorter side, 720p when it cannot read it", () => {
		expect(resolutionLabel("1280x720")).toBe("720p");
		expect(resolutionLabel("1080x1920")).toBe("1080p");
		expect(resolutionLabel("nonsense")).toBe("720p");
		expect(aspectRatio("vertical")).toBe("9:16");
		expect(aspectRatio("horizontal")).toBe("16:9");
	});
});

describe("sizeOf, resolutionOf and aspectOf", () => {
	it("gives the sizes the providers document", () => {
		expect(sizeOf("720p", "16:9")).toBe("1280x720");
		expect(sizeOf("1080p", "9:16")).toBe("1080x1920");
		expect(sizeOf("480p", "16:9")).toBe("854x480");
		expect(sizeOf("4k", "16:9")).toBe("3840x2160");
		expect(sizeOf("720p", "1:1")).toBe("720x720");
		expect(sizeOf("1080p", "21:9")).toBe("2520x1080");
	});

	it("reads back the resolution and aspect of every size it makes, with even sides and the orientation of the aspect", () => {
		for (const r of RESOLUTIONS) {
			for (const a of ASPECTS) {
				const size = sizeOf(r, a);
				const [w, h] = sizeWH(size) as [number, number];
				expect(w % 2 === 0 && h % 2 === 0, size).toBe(true);
				expect(resolutionOf(size), size).toBe(r);
				expect(aspectOf(size), size).toBe(a);
				expect(w < h ? "vertical" : "horizontal", size).toBe(orientationOfAspect(a));
			}
		}
	});

	it("knows no resolution or aspect for sizes that are none of ours", () => {
		expect(resolutionOf("1000x600")).toBeUndefined();
		expect(aspectOf("1000x600")).toBeUndefined();
		expect(aspectOf("bad")).toBeUndefined();
		// Within 2 % of 16:9 still counts as 16:9.
		expect(aspectOf("1280x722")).toBe("16:9");
	});
});
