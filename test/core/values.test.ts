/** Plain value helpers (src/core/values.ts). */
import { describe, expect, it } from "vitest";
import { dataUri, decodeSafe, fromBase64, isRecord, toBase64 } from "../../src/core/values";

describe("base64", () => {
	it("base64 round-trips large buffers", () => {
		const big = new Uint8Array(100_000).map((_, i) => i % 256);
		expect(fromBase64(toBase64(big))).toEqual(big);
	});
});

describe("isRecord, decodeSafe, dataUri", () => {
	it("a record is a non-null object that is not an array", () => {
		expect(isRecord({})).toBe(true);
		expect(isRecord({ a: 1 })).toBe(true);
		expect(isRecord([])).toBe(false);
		expect(isRecord(null)).toBe(false);
		expect(isRecord("x")).toBe(false);
	});

	it("decodes percent-encoding and leaves malformed input as it was", () => {
		expect(decodeSafe("s%2002%20%E9%9B%A8.mp4")).toBe("s 02 雨.mp4");
		expect(decodeSafe("100%")).toBe("100%");
		expect(decodeSafe("%E9%9B")).toBe("%E9%9B");
	});

	it("a data URI carries the type and the bytes in base64, matching Node's encoder", () => {
		const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
		expect(dataUri("image/png", bytes)).toBe(`data:image/png;base64,${Buffer.from(bytes).toString("base64")}`);
		expect(toBase64(new Uint8Array())).toBe("");
		expect(fromBase64("")).toEqual(new Uint8Array());
	});
});
