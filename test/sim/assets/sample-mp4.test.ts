import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SAMPLE_MP4_BASE64, sampleMp4 } from "../../../src/sim/assets/sample-mp4";

describe("sample MP4 module", () => {
	it("equals src/sim/assets/sample.mp4 byte for byte", () => {
		const file = new Uint8Array(readFileSync(new URL("../../../src/sim/assets/sample.mp4", import.meta.url)));
		expect(sampleMp4()).toEqual(file);
		expect(Buffer.from(SAMPLE_MP4_BASE64, "base64").equals(Buffer.from(file))).toBe(true);
	});
	it("is a small real MP4 (ftyp box first, moov before mdat for fast start)", () => {
		const b = sampleMp4();
		expect(b.length).toBeLessThan(10_000);
		const text = new TextDecoder("latin1").decode(b);
		expect(text.slice(4, 8)).toBe("ftyp");
		expect(text.indexOf("moov")).toBeLessThan(text.indexOf("mdat"));
	});
	it("hands out copies", () => {
		const a = sampleMp4();
		a[0] = 99;
		expect(sampleMp4()[0]).toBe(0);
	});
});
