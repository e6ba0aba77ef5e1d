/** Helpers of the plugin's run service (src/obsidian/run-service.ts). */
import { describe, expect, it } from "vitest";
import { commonFolder } from "../../src/obsidian/run-service";

describe("commonFolder", () => {
	it("resumes across notes from their deepest common folder", () => {
		expect(commonFolder(["Film/A/Ep1.md", "Film/B/Ep2.md"])).toBe("Film");
		expect(commonFolder(["Film/A/Ep1.md", "Film/A/Ep2.md"])).toBe("Film/A");
		expect(commonFolder(["Ep1.md", "Film/Ep2.md"])).toBe("");
	});
});
