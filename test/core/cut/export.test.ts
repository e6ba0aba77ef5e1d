/**
 * The exported `.otio` and `.canvas` files: checked against the published schemas
 * (schemas.ts), and read back (round trip) to the same shots, takes, videos,
 * durations and order as the cut they came from.
 */
import { describe, expect, it } from "vitest";
import { buildCut, cutFilePath, cutFiles, cutToCanvas, fileUrl, relativeUrl, type Cut, type CutClip, type CutFile } from "../../../src/core/cut";
import { testSettings } from "../../support/settings";
import { jsonCanvas, timeline } from "../../support/cut-schemas";
import { NOTE, OUT, stormVault } from "../../support/bin-vault";

const settings = testSettings();
const storm = () => buildCut({ vault: stormVault(), notePath: NOTE, settings });
const fileOf = (files: CutFile[], format: string) => files.find((f) => f.format === format) as CutFile;

/** Resolves a relative URL reference against a vault folder (RFC 3986 §5.2, path part only). */
function resolveRelative(folder: string, url: string): string {
	const out = folder.split("/").filter(Boolean);
	for (const seg of url.split("/")) {
		if (seg === "..") out.pop();
		else if (seg !== ".") out.push(decodeURIComponent(seg));
	}
	return out.join("/");
}

interface ReadBack {
	shotId: string;
	take: number;
	videoPath: string;
	seconds: number;
	prompt: string;
}

function readOtio(text: string, otioFolder: string, root?: string): ReadBack[] {
	const parsed = timeline.parse(JSON.parse(text));
	const track = parsed.tracks.children[0];
	return (track?.children ?? []).map((item) => {
		if (item.OTIO_SCHEMA !== "Clip.2") throw new Error("a gap in the cut");
		const ref = item.media_references[item.active_media_reference_key];
		if (ref?.OTIO_SCHEMA !== "ExternalReference.1") throw new Error("no external reference");
		const url = ref.target_url;
		const videoPath = root !== undefined ? decodeURIComponent(new URL(url).pathname).slice(root.length + 1) : resolveRelative(otioFolder, url);
		const meta = (item.metadata?.cineflow ?? {}) as { shot_id: string; take: number; prompt: string };
		const range = item.source_range;
		return { shotId: meta.shot_id, take: meta.take, videoPath, seconds: (range?.duration.value ?? 0) / (range?.duration.rate ?? 1), prompt: meta.prompt };
	});
}

const expected = (cut: Cut): ReadBack[] =>
	cut.clips.map((c) => ({ shotId: c.shotId, take: c.take, videoPath: c.videoPath, seconds: c.duration, prompt: c.prompt }));

describe("OpenTimelineIO export", () => {
	it("validates against the OpenTimelineIO schema and reads back to the cut (relative URLs, CJK and spaces in paths)", async () => {
		const cut = await storm();
		const files = cutFiles(cut, { formats: ["otio"] });
		const otio = fileOf(files, "otio");
		expect(otio.path).toBe("Episodes/第一集 The Storm — cut.otio");
		expect(timeline.safeParse(JSON.parse(otio.text)).success).toBe(true);
		expect(readOtio(otio.text, "Episodes")).toEqual(expected(cut));
		// The URLs are valid relative references: no raw spaces.
		expect(otio.text).not.toMatch(/"target_url": "[^"]* /);
		expect(otio.text).toContain(`"target_url": "_assets/${encodeURIComponent("第一集 The Storm")}/s01.mp4"`);
	});

	it("with file URLs under the vault folder on disk, reads back to the same videos", async () => {
		const cut = await storm();
		const root = "/home/ed/My Vault";
		const otio = fileOf(cutFiles(cut, { formats: ["otio"], fileRoot: root }), "otio");
		expect(timeline.safeParse(JSON.parse(otio.text)).success).toBe(true);
		expect(readOtio(otio.text, "", root)).toEqual(expected(cut));
		expect(otio.text).toContain('"target_url": "file:///home/ed/My%20Vault/Episodes/_assets/');
	});

	it("source ranges are whole frames at the timeline's rate (24 fps by default), one video track in story order", async () => {
		const cut = await storm();
		const parsed = JSON.parse(fileOf(cutFiles(cut, { formats: ["otio"] }), "otio").text) as {
			tracks: { children: Array<{ kind: string; children: Array<{ name: string; source_range: { duration: { rate: number; value: number } } }> }> };
		};
		const track = parsed.tracks.children[0];
		expect(parsed.tracks.children).toHaveLength(1);
		expect(track?.kind).toBe("Video");
		expect(track?.children.map((c) => [c.name, c.source_range.duration.rate, c.source_range.duration.value])).toEqual([
			["s01", 24, 240],
			["s02 (take 2)", 24, 360],
			["s06", 24, 240],
		]);
		const at25 = JSON.parse(fileOf(cutFiles(cut, { formats: ["otio"], rate: 25 }), "otio").text) as typeof parsed;
		expect(at25.tracks.children[0]?.children[0]?.source_range.duration).toMatchObject({ rate: 25, value: 250 });
	});

	it("names the left-out shots in the timeline's metadata", async () => {
		const cut = await storm();
		const parsed = JSON.parse(fileOf(cutFiles(cut, { formats: ["otio"] }), "otio").text) as { metadata: { cineflow: { left_out: unknown[] } } };
		expect(parsed.metadata.cineflow.left_out).toEqual([
			{ shot_id: "s03", reason: "no-video" },
			{ shot_id: "s04", reason: "not-embedded" },
			{ shot_id: "s05", reason: "video-missing" },
		]);
	});

	it("media URLs: relative from any folder, file URLs for POSIX, Windows drive and UNC roots", () => {
		expect(relativeUrl("Episodes", "Episodes/_assets/a b/s01.mp4")).toBe("_assets/a%20b/s01.mp4");
		expect(relativeUrl("Exports/Cuts", "Episodes/_assets/x/s01.mp4")).toBe("../../Episodes/_assets/x/s01.mp4");
		expect(relativeUrl("", "_assets/第一集/s01.mp4")).toBe(`_assets/${encodeURIComponent("第一集")}/s01.mp4`);
		expect(fileUrl("/home/me/Vault", "a#b/c?.mp4")).toBe("file:///home/me/Vault/a%23b/c%3F.mp4");
		expect(fileUrl("C:\\Users\\me\\My Vault", "x/s01.mp4")).toBe("file:///C:/Users/me/My%20Vault/x/s01.mp4");
		expect(fileUrl("\\\\server\\share\\Vault", "x/s01.mp4")).toBe("file://server/share/Vault/x/s01.mp4");
	});
});

interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("JSON Canvas export", () => {
	it("validates against JSON Canvas 1.0 and reads back to the cut: videos in story order along the edges, prompts beside them", async () => {
		const cut = await storm();
		const file = fileOf(cutFiles(cut, { formats: ["canvas"] }), "canvas");
		expect(file.path).toBe("Episodes/第一集 The Storm — cut.canvas");
		const canvas = jsonCanvas.parse(JSON.parse(file.text));
		const nodes = canvas.nodes ?? [];
		const edges = canvas.edges ?? [];
		const videos = nodes.filter((n) => n.type === "file");
		expect(videos.map((n) => (n.type === "file" ? n.file : ""))).toEqual(cut.clips.map((c) => c.videoPath));
		// Walk the edges from the one video nothing points to.
		const next = new Map(edges.map((e) => [e.fromNode, e.toNode]));
		const targets = new Set(edges.map((e) => e.toNode));
		let at: string | undefined = videos.find((v) => !targets.has(v.id))?.id;
		const order: string[] = [];
		while (at) {
			const n = nodes.find((x) => x.id === at);
			if (n?.type === "file") order.push(n.file);
			at = next.get(at);
		}
		expect(order).toEqual(cut.clips.map((c) => c.videoPath));
		const texts = nodes.filter((n) => n.type === "text").map((n) => (n.type === "text" ? n.text : ""));
		expect(texts).toHaveLength(cut.clips.length);
		cut.clips.forEach((c, i) => {
			expect(texts[i]).toContain(c.prompt);
			expect(texts[i]).toContain(`**${c.shotId}**`);
		});
		const groups = nodes.filter((n) => n.type === "group").map((n) => (n.type === "group" ? n.label : ""));
		expect(groups).toEqual(["s01", "s02 (take 2)", "s06"]);
	});

	it("lays shots out left to right in rows, nodes inside their shot's group, none overlapping", () => {
		const clip = (i: number, orientation: CutClip["orientation"]): CutClip => ({
			index: i,
			shotId: `s${i}`,
			storageId: `s${i}`,
			take: 1,
			videoPath: `_assets/N/s${i}.mp4`,
			prompt: `prompt ${i}`,
			duration: 5,
			durationSource: "planned",
			orientation,
			line: i * 5,
			via: "embed",
			...(i % 2 ? { posterPath: `_assets/N/posters/s${i}.png` } : {}),
		});
		const cut: Cut = {
			notePath: "N.md",
			title: "N",
			outputFolder: "_assets/N",
			shots: 7,
			clips: [1, 2, 3, 4, 5, 6, 7].map((i) => clip(i, i === 3 ? "vertical" : "horizontal")),
			warnings: [],
		};
		const canvas = cutToCanvas(cut, { columns: 3 });
		expect(jsonCanvas.safeParse(canvas).success).toBe(true);
		const groups = canvas.nodes.filter((n) => n.type === "group");
		expect(groups.map((g) => [g.x, g.y])).toEqual([
			[0, groups[0]?.y],
			[groups[1]?.x, groups[0]?.y],
			[groups[2]?.x, groups[0]?.y],
			[0, groups[3]?.y],
			[groups[1]?.x, groups[3]?.y],
			[groups[2]?.x, groups[3]?.y],
			[0, groups[6]?.y],
		]);
		expect((groups[1]?.x ?? 0) > 0 && (groups[2]?.x ?? 0) > (groups[1]?.x ?? 0)).toBe(true);
		expect((groups[3]?.y ?? 0) > (groups[0]?.y ?? 0) + (groups[0]?.height ?? 0)).toBe(true);
		const inner = canvas.nodes.filter((n) => n.type !== "group");
		for (let i = 0; i < inner.length; i++) for (let j = i + 1; j < inner.length; j++) expect(overlaps(inner[i] as Rect, inner[j] as Rect)).toBe(false);
		for (const g of groups)
			expect(
				inner.filter((n) => n.x >= g.x && n.y >= g.y && n.x + n.width <= g.x + g.width && n.y + n.height <= g.y + g.height).length,
			).toBeGreaterThanOrEqual(2);
		// Posters are referenced as image nodes.
		expect(canvas.nodes.filter((n) => n.type === "file" && n.file.endsWith(".png")).map((n) => (n.type === "file" ? n.file : ""))).toEqual([
			"_assets/N/posters/s1.png",
			"_assets/N/posters/s3.png",
			"_assets/N/posters/s5.png",
			"_assets/N/posters/s7.png",
		]);
	});

	it("is deterministic: the same cut gives the same bytes (stable ids, no clock)", async () => {
		const a = cutFiles(await storm(), { formats: ["otio", "canvas"] });
		const b = cutFiles(await storm(), { formats: ["otio", "canvas"] });
		expect(a.map((f) => f.text)).toEqual(b.map((f) => f.text));
	});

	it("file names are safe whatever the note is called, and go next to the note unless a folder is given", () => {
		expect(cutFilePath("a/b/Ep 1.md", "canvas")).toBe("a/b/Ep 1 — cut.canvas");
		expect(cutFilePath("Ep:1?.md", "otio")).toBe("Ep_1_ — cut.otio");
		expect(cutFilePath("x/Ep.md", "otio", "Exports")).toBe("Exports/Ep — cut.otio");
		const long = cutFilePath(`${"長".repeat(120)}.md`, "otio");
		expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(210);
		expect(long.endsWith(".otio")).toBe(true);
	});

	it("the output folder of the storm note holds the media the files point to", async () => {
		const cut = await storm();
		expect(cut.clips.every((c) => c.videoPath.startsWith(OUT + "/"))).toBe(true);
	});
});
