/**
 * Character reference sheets end to end: `cineflow generate` against the simulator,
 * which records the SHA-256 of every image a create carried (sim/images.ts). A model
 * that takes several references (kling-v3-omni) must receive each sheet image as it
 * is in the vault; a model that takes one (MiniMax S2V-01) must receive the stitched
 * matrix the run saved under refs/; a first frame is never replaced by the sheets.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_MATRIX_STYLE, matrixLayout, type RgbaImage } from "../../src/core/image";
import { decodePng } from "../../src/cli/image-codec";
import type { SimImage } from "../../src/sim/types";
import { png, readBytes, run, writeBytes } from "../features/support";
import { KEY, shot, startSim, tempVault, type Harness } from "./helpers";

let h: Harness | undefined;
afterEach(async () => {
	await h?.close();
	h = undefined;
});

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const RED = [220, 20, 20] as const;
const GREEN = [20, 200, 20] as const;
const BLUE = [20, 20, 220] as const;

/** A bible note with Alice (two images) and Bob (one), and the images in the vault. */
type Images = Record<"aliceFront" | "aliceSide" | "bob" | "start", Uint8Array>;

async function vaultWithBible(provider: string, model: string, shots: string): Promise<{ vault: string; images: Images }> {
	const vault = await tempVault({
		"Cast/Characters.md":
			'---\ncharacters:\n  Alice: {id: "@alice", image: [sheets/alice-front.png, "[[alice-side.png]]"]}\n  Bob: {id: "@bob", image: sheets/bob.png}\n---\n# Characters\n',
		"Scenes/Ep.md": `---\ncineflow:\n  provider: ${provider}\n  model: ${model}\n  bible: "[[Characters]]"\n---\n${shots}`,
	});
	const images: Images = {
		aliceFront: await png(40, 80, RED),
		aliceSide: await png(60, 80, GREEN),
		bob: await png(50, 50, BLUE),
		start: await png(1280, 720, [200, 200, 0]),
	};
	await writeBytes(vault, "Cast/sheets/alice-front.png", images.aliceFront);
	await writeBytes(vault, "Cast/alice-side.png", images.aliceSide);
	await writeBytes(vault, "Cast/sheets/bob.png", images.bob);
	await writeBytes(vault, "Scenes/start.png", images.start);
	return { vault, images };
}

function imagesOf(h: Harness, prompt: RegExp): SimImage[] {
	const tasks = h.sim.tasks().filter((t) => prompt.test(t.prompt));
	expect(tasks).toHaveLength(1);
	return tasks[0]!.images ?? [];
}

function px(img: RgbaImage, x: number, y: number): number[] {
	const o = (y * img.width + x) * 4;
	return [...img.data.subarray(o, o + 3)];
}

describe("character sheets on the wire", () => {
	it("kling-v3-omni (5 native references): each sheet image arrives as a reference, byte for byte; with a first frame, both arrive", async () => {
		h = await startSim();
		const { vault, images } = await vaultWithBible(
			"kling",
			"kling-v3-omni",
			shot("s01", "[Alice] meets [Bob] in the rain", "duration: 5\n") +
				shot("s02", "[Alice] alone on the bridge", 'duration: 5\nfirst_frame: "[[start.png]]"\n'),
		);
		const r = await run(h, vault, "Scenes/Ep.md", [], { env: { CINEFLOW_API_KEY: KEY, KLING_SECRET_KEY: KEY } });
		expect(r.failures).toEqual([]);
		expect(r.code, r.err + r.out).toBe(0);
		expect(imagesOf(h, /meets/)).toEqual([
			{ role: "reference", sha256: sha(images.aliceFront) },
			{ role: "reference", sha256: sha(images.aliceSide) },
			{ role: "reference", sha256: sha(images.bob) },
		]);
		expect(imagesOf(h, /bridge/)).toEqual([
			{ role: "reference", sha256: sha(images.aliceFront) },
			{ role: "reference", sha256: sha(images.aliceSide) },
			{ role: "first", sha256: sha(images.start) },
		]);
		// No matrix was drawn: the model takes the sheets as they are.
		await expect(readBytes(vault, "Scenes/_assets/Ep/refs/s01.png")).rejects.toThrow();
	});

	it("MiniMax S2V-01 (one reference): the sheets arrive as one matrix, the one saved under refs/, each image in its cell", async () => {
		h = await startSim();
		const { vault } = await vaultWithBible("minimax", "S2V-01", shot("s01", "[Alice] meets [Bob] in the rain"));
		const r = await run(h, vault, "Scenes/Ep.md");
		expect(r.failures).toEqual([]);
		expect(r.code, r.err + r.out).toBe(0);
		const saved = await readBytes(vault, "Scenes/_assets/Ep/refs/s01.png");
		expect(imagesOf(h, /meets/)).toEqual([{ role: "reference", sha256: sha(saved) }]);
		const img = await decodePng(saved);
		const layout = matrixLayout(
			[
				{ width: 40, height: 80 },
				{ width: 60, height: 80 },
				{ width: 50, height: 50 },
			],
			{ ...DEFAULT_MATRIX_STYLE, width: img.width, height: img.height },
		);
		[RED, GREEN, BLUE].forEach((color, i) => {
			const c = layout.cells[i]!.image;
			expect(px(img, c.x + Math.floor(c.w / 2), c.y + Math.floor(c.h / 2))).toEqual([...color]);
		});
	});

	it("fal seedance-2.0 fast (9 references, but not with a first frame): the sheets go natively, and a shot's first_frame wins over them", async () => {
		h = await startSim();
		const { vault, images } = await vaultWithBible(
			"fal",
			"bytedance/seedance-2.0/fast",
			shot("s01", "[Alice] meets [Bob] in the rain", "duration: 5\n") +
				shot("s02", "[Alice] alone on the bridge", 'duration: 5\nfirst_frame: "[[start.png]]"\n'),
		);
		const r = await run(h, vault, "Scenes/Ep.md");
		expect(r.failures).toEqual([]);
		expect(r.code, r.err + r.out).toBe(0);
		expect(imagesOf(h, /meets/)).toEqual([images.aliceFront, images.aliceSide, images.bob].map((b) => ({ role: "reference", sha256: sha(b) })));
		expect(imagesOf(h, /bridge/)).toEqual([{ role: "first", sha256: sha(images.start) }]);
		expect(r.warnings.join("\n")).toMatch(
			/Scenes\/Ep\.md:\d+ shot s02: character sheets left out by the rule "the shot's first frame wins" \(fal\/bytedance\/seedance-2\.0\/fast takes no reference images together with a first frame\): Alice 1 \(\/Cast\/sheets\/alice-front\.png\), Alice 2/,
		);
	});

	it("runway gen4.5 (images only as the first frame) with first_frame: the frame arrives untouched, the sheets are left out with the rule named", async () => {
		h = await startSim();
		const { vault, images } = await vaultWithBible("runway", "gen4.5", shot("s01", "[Alice] meets [Bob] in the rain", 'first_frame: "[[start.png]]"\n'));
		const dry = await run(h, vault, "Scenes/Ep.md", ["--dry-run"]);
		expect(dry.code, dry.err + dry.out).toBe(0);
		const report = JSON.parse(
			dry.out
				.trim()
				.split("\n")
				.find((l) => l.includes('"dry-run"'))!,
		) as { jobs: Array<{ sheets?: { rule: string; left: Array<{ label: string }> } }>; warnings: string[] };
		expect(report.jobs[0]?.sheets?.rule).toBe("first-frame-wins");
		expect(report.jobs[0]?.sheets?.left.map((l) => l.label)).toEqual(["Alice 1", "Alice 2", "Bob"]);
		expect(report.warnings.join("\n")).toMatch(/Scenes\/Ep\.md:\d+ shot s01: character sheets left out by the rule "the shot's first frame wins"/);
		const r = await run(h, vault, "Scenes/Ep.md");
		expect(r.code, r.err + r.out).toBe(0);
		expect(imagesOf(h, /meets/)).toEqual([{ role: "first", sha256: sha(images.start) }]);
	});
});
