/**
 * The transcribed schemas themselves: they accept documents shaped like the
 * published examples and reject what the specs rule out (so a passing export
 * check means something).
 */
import { describe, expect, it } from "vitest";
import { jsonCanvas, timeline } from "./cut-schemas";

const rt = (value: number, rate = 24) => ({ OTIO_SCHEMA: "RationalTime.1", rate, value });
const tr = (start: number, dur: number) => ({ OTIO_SCHEMA: "TimeRange.1", start_time: rt(start), duration: rt(dur) });

/** Shaped like tests/sample_data/screening_example.otio in the OpenTimelineIO repository. */
function screening(): Record<string, unknown> {
	return {
		OTIO_SCHEMA: "Timeline.1",
		metadata: {},
		name: "Example_Screening.01",
		global_start_time: null,
		tracks: {
			OTIO_SCHEMA: "Stack.1",
			metadata: {},
			name: "tracks",
			source_range: null,
			effects: [],
			markers: [],
			enabled: true,
			children: [
				{
					OTIO_SCHEMA: "Track.1",
					metadata: {},
					name: "V",
					source_range: tr(-86243, 1049),
					effects: [],
					markers: [],
					enabled: true,
					kind: "Video",
					children: [
						{
							OTIO_SCHEMA: "Clip.2",
							metadata: { cmx_3600: { reel: "ZZ100_50" } },
							name: "ZZ100_501 (LAY3)",
							source_range: tr(86501, 31),
							effects: [],
							markers: [],
							enabled: true,
							media_references: {
								DEFAULT_MEDIA: {
									OTIO_SCHEMA: "MissingReference.1",
									metadata: {},
									name: "",
									available_range: null,
									available_image_bounds: null,
								},
							},
							active_media_reference_key: "DEFAULT_MEDIA",
						},
						{ OTIO_SCHEMA: "Gap.1", name: "", source_range: tr(0, 8), effects: [], markers: [], enabled: true, metadata: {} },
						{
							OTIO_SCHEMA: "Clip.2",
							name: "titles",
							media_references: {
								DEFAULT_MEDIA: {
									OTIO_SCHEMA: "ExternalReference.1",
									target_url: "file:///folder/titles.mov",
									available_range: tr(0, 8),
									metadata: {},
									name: "Media-001",
								},
							},
							active_media_reference_key: "DEFAULT_MEDIA",
						},
					],
				},
			],
		},
	};
}

/** The sample.canvas of the jsoncanvas repository, in shape. */
const SAMPLE_CANVAS = {
	nodes: [
		{ id: "754a8ef995f366bc", type: "group", x: -300, y: -460, width: 610, height: 200, label: "JSON Canvas" },
		{ id: "8132d4d894c80022", type: "file", file: "readme.md", x: -280, y: -200, width: 570, height: 560, color: "6" },
		{ id: "59e896bc8da20699", type: "text", text: "Learn more:\n\n- [Spec](spec/1.0.md)", x: 40, y: -440, width: 250, height: 160 },
		{ id: "0ba565e7f30e0652", type: "link", url: "https://jsoncanvas.org", x: 360, y: -400, width: 400, height: 400, color: "#FF0000" },
	],
	edges: [{ id: "6fa11ab87f90b8af", fromNode: "8132d4d894c80022", fromSide: "right", toNode: "59e896bc8da20699", toSide: "left" }],
};

describe("the OpenTimelineIO schema", () => {
	it("accepts a timeline shaped like the library's own sample", () => {
		expect(timeline.safeParse(screening()).success).toBe(true);
	});

	it("rejects a Clip.2 without media_references, a clip whose active key names nothing, a track without kind, and unknown fields", () => {
		type Screening = { tracks: { children: Array<{ children: Array<Record<string, unknown>>; kind?: string }> } };
		const clipOf = () => structuredClone(screening()) as Screening;
		const a = clipOf();
		delete a.tracks.children[0]?.children[0]?.media_references;
		expect(timeline.safeParse(a).success).toBe(false);
		const b = clipOf();
		(b.tracks.children[0]?.children[0] as Record<string, unknown>).active_media_reference_key = "OTHER";
		expect(timeline.safeParse(b).success).toBe(false);
		const c = clipOf();
		delete c.tracks.children[0]?.kind;
		expect(timeline.safeParse(c).success).toBe(false);
		const d = clipOf();
		(d.tracks.children[0]?.children[0] as Record<string, unknown>).media_reference = {};
		expect(timeline.safeParse(d).success).toBe(false);
		const e = clipOf();
		(e.tracks.children[0]?.children[0] as Record<string, unknown>).OTIO_SCHEMA = "Clip.1";
		expect(timeline.safeParse(e).success).toBe(false);
	});
});

describe("the JSON Canvas schema", () => {
	it("accepts the sample canvas", () => {
		expect(jsonCanvas.safeParse(SAMPLE_CANVAS).success).toBe(true);
		expect(jsonCanvas.safeParse({}).success).toBe(true);
	});

	it("rejects fractional positions, duplicate ids, edges to no node, bad sides and colours, and missing required attributes", () => {
		const bad = (patch: (c: typeof SAMPLE_CANVAS) => void) => {
			const c = structuredClone(SAMPLE_CANVAS);
			patch(c);
			return jsonCanvas.safeParse(c).success;
		};
		expect(bad((c) => ((c.nodes[0] as { x: number }).x = 1.5))).toBe(false);
		expect(bad((c) => ((c.nodes[1] as { id: string }).id = "754a8ef995f366bc"))).toBe(false);
		expect(bad((c) => ((c.edges[0] as { toNode: string }).toNode = "nope"))).toBe(false);
		expect(bad((c) => ((c.edges[0] as { fromSide: string }).fromSide = "middle"))).toBe(false);
		expect(bad((c) => ((c.nodes[1] as { color?: string }).color = "7"))).toBe(false);
		expect(bad((c) => delete (c.nodes[1] as { file?: string }).file)).toBe(false);
		expect(bad((c) => delete (c.nodes[2] as { width?: number }).width)).toBe(false);
		expect(bad((c) => ((c.nodes[2] as { type: string }).type = "video"))).toBe(false);
	});
});
