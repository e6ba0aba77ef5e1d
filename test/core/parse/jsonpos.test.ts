/** Source positions inside storyboard JSON (src/core/parse/jsonpos.ts). */
import { describe, expect, it } from "vitest";
import { LineIndex, segmentSpans } from "../../../src/core/parse/jsonpos";

describe("segmentSpans", () => {
	it("finds each element of the top-level segments array, and only those", () => {
		const text = `{
  "title": "Ep1",
  "meta": { "segments": [{ "not": "these" }] },
  "segments": [
    { "prompt": "rain, \\"quoted\\" [and] {braces}" },
    { "prompt": "two", "characters": ["A", "B"] },
    "a string element"
  ],
  "after": [1, 2]
}`;
		const spans = segmentSpans(text);
		expect(spans.map((s) => text.slice(s.start, s.end).trim())).toEqual([
			'{ "prompt": "rain, \\"quoted\\" [and] {braces}" }',
			'{ "prompt": "two", "characters": ["A", "B"] }',
			'"a string element"',
		]);
	});

	it("finds no spans without a segments array, or in an empty one", () => {
		expect(segmentSpans('{"shots": [{"a": 1}]}')).toEqual([]);
		expect(segmentSpans('{"segments": []}')).toEqual([]);
		expect(segmentSpans("")).toEqual([]);
	});

	it("every span's text parses as the element JSON.parse sees", () => {
		const doc = { segments: [{ prompt: "a" }, { prompt: "b", duration: 15 }, [1, 2], 3] };
		const text = JSON.stringify(doc, null, 2);
		const spans = segmentSpans(text);
		expect(spans.map((s) => JSON.parse(text.slice(s.start, s.end)) as unknown)).toEqual(doc.segments);
	});
});

describe("LineIndex", () => {
	it("maps offsets to 1-based lines, the newline itself on the line it ends", () => {
		const text = "ab\ncd\n\nef";
		const idx = new LineIndex(text);
		expect([0, 1, 2, 3, 5, 6, 7, 8].map((o) => idx.lineOf(o))).toEqual([1, 1, 1, 2, 2, 3, 4, 4]);
		expect(new LineIndex("").lineOf(0)).toBe(1);
	});

	it("agrees with counting newlines before the offset", () => {
		const text = Array.from({ length: 50 }, (_, i) => "x".repeat(i % 7)).join("\n");
		const idx = new LineIndex(text);
		for (let o = 0; o < text.length; o += 3) expect(idx.lineOf(o)).toBe(text.slice(0, o).split("\n").length);
	});
});
