/** The built-in 5×7 bitmap font for matrix labels (src/core/image/font.ts). */
import { describe, expect, it } from "vitest";
import { GLYPH_ADVANCE, GLYPH_HEIGHT, drawText, fitText, textWidth } from "../../../src/core/image/font";
import { createImage, type RgbaImage } from "../../../src/core/image/raster";

/** The lit pixels of an image as rows of '#' and '.'. */
function picture(img: RgbaImage): string[] {
	const rows: string[] = [];
	for (let y = 0; y < img.height; y++) {
		let row = "";
		for (let x = 0; x < img.width; x++) row += img.data[(y * img.width + x) * 4] ? "#" : ".";
		rows.push(row);
	}
	return rows;
}

describe("textWidth and fitText", () => {
	it("is the advance per character less the last gap, times the scale; nothing for no text", () => {
		expect(textWidth("", 2)).toBe(0);
		expect(textWidth("A", 1)).toBe(GLYPH_ADVANCE - 1);
		expect(textWidth("S01", 3)).toBe((3 * GLYPH_ADVANCE - 1) * 3);
		// Characters, not UTF-16 units: an astral character is one glyph.
		expect(textWidth("𝄞", 1)).toBe(textWidth("A", 1));
	});

	it("keeps text that fits and cuts the rest to fit with '..', or to nothing when not even that fits", () => {
		expect(fitText("SHOT 1", textWidth("SHOT 1", 1), 1)).toBe("SHOT 1");
		const cut = fitText("A LONG LABEL", 40, 1);
		expect(cut.endsWith("..")).toBe(true);
		expect(textWidth(cut, 1)).toBeLessThanOrEqual(40);
		expect(textWidth(cut.slice(0, -2) + "X..", 1)).toBeGreaterThan(40);
		expect(fitText("ABC", 3, 1)).toBe("");
	});
});

describe("drawText", () => {
	it("draws the glyph's pixels at the position and scale asked, lower case as capitals", () => {
		const img = createImage(GLYPH_ADVANCE * 2, GLYPH_HEIGHT + 2);
		drawText(img, "Il", 0, 1, 1, [255, 255, 255]);
		const rows = picture(img);
		expect(rows[0]).toBe("............");
		// I: a serifed bar; L: a stem with a foot on the last row.
		expect(rows[1]).toBe(".###..#.....");
		expect(rows[4]).toBe("..#...#.....");
		expect(rows[7]).toBe(".###..#####.");
		const big = createImage(GLYPH_ADVANCE * 2, GLYPH_HEIGHT * 2);
		drawText(big, "I", 0, 0, 2, [255, 255, 255]);
		expect(picture(big)[0]).toBe("..######....");
		expect(picture(big)[1]).toBe("..######....");
	});

	it("draws a character it has no glyph for (CJK) as a box, not as nothing", () => {
		const img = createImage(GLYPH_ADVANCE, GLYPH_HEIGHT);
		drawText(img, "雨", 0, 0, 1, [255, 255, 255]);
		expect(picture(img)).toEqual(["#####.", "#...#.", "#...#.", "#...#.", "#...#.", "#...#.", "#####."]);
	});
});
