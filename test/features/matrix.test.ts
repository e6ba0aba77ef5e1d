/**
 * Multi-reference matrix and character bible, end to end: `references:` and the
 * images of bible characters are stitched into one PNG of the shot's size, saved
 * to `_assets/<note>/refs/<shot id>.png` and sent as the single reference.
 * The bible can live in its own note (`cineflow.bible: "[[Characters]]"`).
 *
 * The video goes to Runway (gen4.5): a live provider that takes the first frame as bytes
 * (a data URI in `promptImage`) and no native reference images, so `references:` become
 * the matrix. (These tests used OpenAI's multipart `input_reference` before OpenAI's
 * Videos API was shut down.)
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_MATRIX_STYLE, matrixLayout, type RgbaImage } from "../../src/core/image";
import { decodePng } from "../../src/cli/image-codec";
import { simBaseUrl } from "../../src/sim/index";
import { creates, generate, shot, startSim, tempVault, type Harness } from "../e2e/helpers";
import { bodyBytes, createCalls, png, readBytes, run, writeBytes } from "./support";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
});

const RED = [220, 20, 20] as const;
const GREEN = [20, 200, 20] as const;
const BLUE = [20, 20, 220] as const;

function px(img: RgbaImage, x: number, y: number): number[] {
	const o = (y * img.width + x) * 4;
	return [...img.data.subarray(o, o + 3)];
}

function center(b: { x: number; y: number; w: number; h: number }): [number, number] {
	return [b.x + Math.floor(b.w / 2), b.y + Math.floor(b.h / 2)];
}

/** The first frame the video create carried: Runway's `promptImage`, which must be a PNG data URI. */
function sentReference(calls: Parameters<typeof createCalls>[0]): Uint8Array {
	const [call] = createCalls(calls, "runway");
	const body = JSON.parse(new TextDecoder().decode(bodyBytes(call!.req))) as { promptImage?: unknown };
	expect(typeof body.promptImage).toBe("string");
	const m = /^data:(image\/[a-z]+);base64,([A-Za-z0-9+/]+=*)$/.exec(body.promptImage as string);
	expect(m?.[1]).toBe("image/png");
	return new Uint8Array(Buffer.from(m![2]!, "base64"));
}

describe("multi-reference matrix", () => {
	it("three references → one 1280x720 PNG saved under refs/, images where the layout puts them, sent as the reference", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Scenes/Ep.md":
				"---\ncineflow:\n  provider: runway\n---\n" +
				shot("s01", "Alice in the alley with her umbrella", 'references: ["[[Alice.png]]", "[[Alley.png]]", "refs/umbrella.png"]\n'),
		});
		await writeBytes(vault, "chars/Alice.png", await png(40, 80, RED));
		await writeBytes(vault, "places/Alley.png", await png(160, 90, GREEN));
		await writeBytes(vault, "Scenes/refs/umbrella.png", await png(50, 50, BLUE));
		const r = await run(h, vault, "Scenes/Ep.md");
		expect(r.failures).toEqual([]);
		expect(r.code).toBe(0);
		const saved = await readBytes(vault, "Scenes/_assets/Ep/refs/s01.png");
		expect(sentReference(r.http)).toEqual(saved);
		const img = await decodePng(saved);
		expect([img.width, img.height]).toEqual([1280, 720]);
		const layout = matrixLayout(
			[
				{ width: 40, height: 80 },
				{ width: 160, height: 90 },
				{ width: 50, height: 50 },
			],
			{ ...DEFAULT_MATRIX_STYLE, width: 1280, height: 720 },
		);
		const colors = [RED, GREEN, BLUE];
		layout.cells.forEach((cell, i) => {
			const [x, y] = center(cell.image);
			expect(px(img, x, y)).toEqual([...colors[i]!]);
			// The label bar is black with white text; the gap is the background.
			expect(cell.label).toBeDefined();
			expect(px(img, cell.label!.x + 1, cell.label!.y + 1)).toEqual([0, 0, 0]);
		});
		expect(px(img, 2, 2)).toEqual([24, 24, 24]);
		// The saved matrix is not embedded in the note (only the video is).
		const note = await fs.readFile(path.join(vault, "Scenes/Ep.md"), "utf8");
		expect(note).toContain("![[_assets/Ep/s01.mp4]]");
		expect(note).not.toContain("refs/s01.png");
	});

	it("a vertical shot gets a portrait matrix; columns and labels follow the flags", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Ep.md": "---\ncineflow:\n  provider: runway\n---\n" + shot("v1", "Two faces", 'orientation: vertical\nreferences: ["a.png", "b.png"]\n'),
		});
		await writeBytes(vault, "a.png", await png(10, 10, RED));
		await writeBytes(vault, "b.png", await png(10, 10, BLUE));
		const r = await run(h, vault, "Ep.md", ["--matrix-columns", "2", "--matrix-labels", "off", "--matrix-gap", "0"]);
		expect(r.failures).toEqual([]);
		const img = await decodePng(await readBytes(vault, "_assets/Ep/refs/v1.png"));
		expect([img.width, img.height]).toEqual([720, 1280]);
		// Two columns of 360 with no gap: left red, right blue, letterboxed vertically around the middle.
		expect(px(img, 180, 640)).toEqual([...RED]);
		expect(px(img, 540, 640)).toEqual([...BLUE]);
		expect(px(img, 180, 100)).toEqual([24, 24, 24]);
	});

	it("JPEG references are decoded by the pure-JS path (baseline JPEG from ImageMagick)", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": "---\ncineflow:\n  provider: runway\n---\n" + shot("s01", "x", 'references: ["a.png", "grad.jpg"]\n') });
		await writeBytes(vault, "a.png", await png(16, 16, RED));
		await writeBytes(vault, "grad.jpg", new Uint8Array(readFileSync(new URL("../fixtures/images/grad444.jpg", import.meta.url))));
		const r = await run(h, vault, "Ep.md", ["--matrix-labels", "off"]);
		expect(r.failures).toEqual([]);
		const img = await decodePng(await readBytes(vault, "_assets/Ep/refs/s01.png"));
		const layout = matrixLayout(
			[
				{ width: 16, height: 16 },
				{ width: 16, height: 16 },
			],
			{ ...DEFAULT_MATRIX_STYLE, width: 1280, height: 720, labels: false },
		);
		expect(px(img, ...center(layout.cells[0]!.image))).toEqual([...RED]);
		// The JPEG cell is neither background nor red.
		const jp = px(img, ...center(layout.cells[1]!.image));
		expect(jp).not.toEqual([24, 24, 24]);
		expect(jp).not.toEqual([...RED]);
	});

	it("a reference that cannot be decoded fails the shot with its name (WebP needs the plugin's canvas)", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Ep.md": "---\ncineflow:\n  provider: runway\n---\n" + shot("s01", "x", 'references: ["a.png", "b.webp"]\n'),
		});
		await writeBytes(vault, "a.png", await png(4, 4, RED));
		await writeBytes(vault, "b.webp", new Uint8Array([0x52, 0x49, 0x46, 0x46, 8, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0, 0, 0, 0]));
		const r = await run(h, vault, "Ep.md");
		expect(r.failures).toEqual([
			"Ep.md:5 shot s01: b.webp: WebP images are not supported for stitching in the CLI; the plugin stitches WebP with the canvas (or convert the image to PNG or JPEG)",
		]);
		expect(creates(h)).toBe(0);
	});

	it("a URL-only provider gets the uploaded matrix", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "x", 'references: ["a.png", "b.png"]\n') });
		await writeBytes(vault, "a.png", await png(4, 4, RED));
		await writeBytes(vault, "b.png", await png(4, 4, GREEN));
		const r = await run(h, vault, "Ep.md", ["--upload-url", `${simBaseUrl(h.origin, "upload")}/put/{name}`]);
		expect(r.failures).toEqual([]);
		const [call] = createCalls(r.http, "sorahk");
		const url = (JSON.parse(new TextDecoder().decode(bodyBytes(call!.req))) as { image_url: string }).image_url;
		expect(url).toMatch(/-s01-refs\.png$/);
		expect(h.sim.uploads().get(new URL(url).pathname)?.bytes).toEqual(await readBytes(vault, "_assets/Ep/refs/s01.png"));
	});
});

describe("character bible", () => {
	const BIBLE = `---
characters:
  Alice:
    id: "@alice.cameo"
    aliases: [Al, The Detective]
    description: red raincoat, short black hair
    image: "[[Alice.png]]"
  Bob:
    id: "@bob"
    image: portraits/bob.png
---
# Characters
`;

	it("a bible note gives handles (names and aliases), images for the matrix, and did-you-mean warnings", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Cast/Characters.md": BIBLE,
			"Scenes/Ep.md":
				'---\ncineflow:\n  provider: runway\n  bible: "[[Characters]]"\n---\n' +
				shot("s01", "[The Detective] meets [Bob] under the sign. [Alcie] waves.", "characters: [Alice, Bob]\n"),
		});
		await writeBytes(vault, "Cast/Alice.png", await png(30, 30, RED));
		// Relative to the bible note, not to the scene.
		await writeBytes(vault, "Cast/portraits/bob.png", await png(30, 30, BLUE));
		const r = await run(h, vault, "Scenes/Ep.md");
		expect(r.failures).toEqual([]);
		expect(r.code).toBe(0);
		// Aliases inject like names.
		const created = h.sim.log.find((e) => e.route === "create");
		expect(created?.prompt).toBe("The Detective @alice.cameo meets Bob @bob under the sign. [Alcie] waves.");
		// An unknown [Name] is a validation warning with a suggestion (dry run and run).
		const dry = await generate(h, vault, "Scenes/Ep.md", ["--dry-run"]);
		expect(dry.out).toContain("Scenes/Ep.md:6 shot s01: [Alcie] has no character id; did you mean Alice?");
		// Both characters' images were stitched (no `image:`/`references:` on the shot).
		const img = await decodePng(await readBytes(vault, "Scenes/_assets/Ep/refs/s01.png"));
		const layout = matrixLayout(
			[
				{ width: 30, height: 30 },
				{ width: 30, height: 30 },
			],
			{ ...DEFAULT_MATRIX_STYLE, width: 1280, height: 720 },
		);
		expect(px(img, ...center(layout.cells[0]!.image))).toEqual([...RED]);
		expect(px(img, ...center(layout.cells[1]!.image))).toEqual([...BLUE]);
	});

	it("a bible link that does not resolve blocks the note's shots with a clear error", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Ep.md": '---\ncineflow:\n  provider: runway\n  bible: "[[Charactres]]"\n---\n' + shot("s01", "[Alice] waves"),
		});
		const r = await run(h, vault, "Ep.md");
		expect(r.code).toBe(2);
		expect(r.failures).toEqual([
			'Ep.md:6 shot s01: not planned because cineflow.bible "[[Charactres]]" was not found in the vault (create the character note or fix the link)',
		]);
		expect(creates(h)).toBe(0);
	});
});
