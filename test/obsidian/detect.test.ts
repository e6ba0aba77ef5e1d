/** Finding shot blocks in a note's text without parsing it (src/obsidian/detect.ts). */
import { describe, expect, it } from "vitest";
import { hasShotBlock, shotBlockAt } from "../../src/obsidian/detect";

describe("shot block detection", () => {
	it("finds shot blocks cheaply", () => {
		const text = "# T\n\n```shot\nid: s1\n```\n\n````md\n```shot\n```\n````\n~~~shot\nid: s2\n~~~\n";
		expect(hasShotBlock(text)).toBe(true);
		expect(hasShotBlock("```js\n```")).toBe(false);
		expect(shotBlockAt(text, 3)).toEqual({ start: 2, end: 4 });
		expect(shotBlockAt(text, 0)).toBeNull();
		expect(shotBlockAt(text, 8)).toBeNull(); // inside a 4-backtick md fence, not a shot
		expect(shotBlockAt(text, 11)).toEqual({ start: 10, end: 12 });
	});
});
