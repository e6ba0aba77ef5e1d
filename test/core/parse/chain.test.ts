/** Chaining markers in a shot's frame fields (src/core/parse/chain.ts). */
import { describe, expect, it } from "vitest";
import { chainMarker, chainText, isNextMarker } from "../../../src/core/parse/chain";

describe("chainMarker", () => {
	it("reads `previous` in any case and with spaces", () => {
		expect(chainMarker("previous")).toEqual({ kind: "previous" });
		expect(chainMarker("  Previous ")).toEqual({ kind: "previous" });
	});

	it("reads a link to a shot of another note or of this one, with or without an alias", () => {
		expect(chainMarker("[[Ep1#s03]]")).toEqual({ kind: "shot", note: "Ep1", shot: "s03" });
		expect(chainMarker("[[Show/第一集#开场]]")).toEqual({ kind: "shot", note: "Show/第一集", shot: "开场" });
		expect(chainMarker("[[#s02]]")).toEqual({ kind: "shot", note: "", shot: "s02" });
		expect(chainMarker("[[Ep1#s03|the storm]]")).toEqual({ kind: "shot", note: "Ep1", shot: "s03" });
	});

	it("is undefined for images: plain links, headings with a dot, URLs and paths", () => {
		expect(chainMarker(undefined)).toBeUndefined();
		expect(chainMarker("[[start.png]]")).toBeUndefined();
		expect(chainMarker("[[refs#frame.png]]")).toBeUndefined();
		expect(chainMarker("[[Ep1#]]")).toBeUndefined();
		expect(chainMarker("https://example.com/a.png#s03")).toBeUndefined();
		expect(chainMarker("refs/previous.png")).toBeUndefined();
	});
});

describe("isNextMarker and chainText", () => {
	it("`last_frame: next` in any case; nothing else", () => {
		expect(isNextMarker("next")).toBe(true);
		expect(isNextMarker(" NEXT ")).toBe(true);
		expect(isNextMarker("[[next.png]]")).toBe(false);
		expect(isNextMarker(undefined)).toBe(false);
	});

	it("writes an ask the way the user would, and reads back what it writes", () => {
		expect(chainText({ kind: "previous", byNote: true })).toBe("previous");
		expect(chainText({ kind: "shot", note: "", shot: "s02" })).toBe("[[#s02]]");
		for (const raw of ["previous", "[[Ep1#s03]]", "[[#s02]]"]) expect(chainText(chainMarker(raw)!)).toBe(raw);
	});
});
