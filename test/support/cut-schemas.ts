/**
 * The two published formats the cut is exported to, transcribed into zod schemas
 * so the exported files can be checked against them (not against our own types).
 *
 * OpenTimelineIO: github.com/AcademySoftwareFoundation/OpenTimelineIO (commit bc5fe2d,
 * 2026-08-07). The field lists are those of docs/tutorials/otio-serialized-schema.md,
 * which the library generates from its classes (Timeline.1, Stack.1, Track.1, Clip.2,
 * Gap.1, ExternalReference.1, MissingReference.1, TimeRange.1, RationalTime.1), plus
 * `children` that every Composition serializes (composition.cpp). Required vs optional
 * follows the read_from() of each class: `reader.read` (required) for Timeline.tracks,
 * Track.kind, Composition.children, Clip.media_references and
 * active_media_reference_key, ExternalReference.target_url, RationalTime rate/value,
 * TimeRange start_time/duration; everything else is `read_if_present`. Objects are
 * strict: a field the published schema does not list is an error.
 *
 * JSON Canvas 1.0: jsoncanvas.org, spec/1.0.md in github.com/obsidianmd/jsoncanvas
 * ("Version 1.0 — 2024-03-11", commit 6a703e2). Required and optional attributes,
 * integer positions and sizes, the four node types, sides, ends and colours as listed
 * there; ids unique; edges must join nodes that exist.
 */
import { z } from "zod";

// ---------------------------------------------------------------- OpenTimelineIO
const metadata = z.record(z.string(), z.unknown());

export const rationalTime = z.object({ OTIO_SCHEMA: z.literal("RationalTime.1"), rate: z.number().positive(), value: z.number() }).strict();

export const timeRange = z.object({ OTIO_SCHEMA: z.literal("TimeRange.1"), start_time: rationalTime, duration: rationalTime }).strict();

const mediaReferenceFields = {
	name: z.string().nullable().optional(),
	metadata: metadata.optional(),
	available_range: timeRange.nullable().optional(),
	available_image_bounds: z.unknown().optional(),
};

export const externalReference = z.object({ OTIO_SCHEMA: z.literal("ExternalReference.1"), target_url: z.string(), ...mediaReferenceFields }).strict();

export const missingReference = z.object({ OTIO_SCHEMA: z.literal("MissingReference.1"), ...mediaReferenceFields }).strict();

const itemFields = {
	name: z.string().nullable().optional(),
	metadata: metadata.optional(),
	source_range: timeRange.nullable().optional(),
	effects: z.array(z.unknown()).optional(),
	markers: z.array(z.unknown()).optional(),
	enabled: z.boolean().optional(),
	color: z.unknown().optional(),
};

export const clip = z
	.object({
		OTIO_SCHEMA: z.literal("Clip.2"),
		media_references: z.record(z.string(), z.union([externalReference, missingReference])),
		active_media_reference_key: z.string(),
		...itemFields,
	})
	.strict()
	.refine((c) => c.active_media_reference_key in c.media_references, { message: "active_media_reference_key names no media reference" });

export const gap = z.object({ OTIO_SCHEMA: z.literal("Gap.1"), ...itemFields }).strict();

export const track = z
	.object({ OTIO_SCHEMA: z.literal("Track.1"), kind: z.enum(["Video", "Audio"]), children: z.array(z.union([clip, gap])), ...itemFields })
	.strict();

export const stack = z.object({ OTIO_SCHEMA: z.literal("Stack.1"), children: z.array(track), ...itemFields }).strict();

export const timeline = z
	.object({
		OTIO_SCHEMA: z.literal("Timeline.1"),
		name: z.string().nullable().optional(),
		metadata: metadata.optional(),
		global_start_time: rationalTime.nullable().optional(),
		tracks: stack,
	})
	.strict();

// ---------------------------------------------------------------- JSON Canvas 1.0
const canvasColor = z.union([z.enum(["1", "2", "3", "4", "5", "6"]), z.string().regex(/^#[0-9A-Fa-f]{6}$/)]);
const side = z.enum(["top", "right", "bottom", "left"]);
const end = z.enum(["none", "arrow"]);

const genericNode = {
	id: z.string().min(1),
	x: z.number().int(),
	y: z.number().int(),
	width: z.number().int(),
	height: z.number().int(),
	color: canvasColor.optional(),
};

export const canvasNode = z.discriminatedUnion("type", [
	z.object({ type: z.literal("text"), text: z.string(), ...genericNode }).strict(),
	z.object({ type: z.literal("file"), file: z.string().min(1), subpath: z.string().startsWith("#").optional(), ...genericNode }).strict(),
	z.object({ type: z.literal("link"), url: z.string(), ...genericNode }).strict(),
	z
		.object({
			type: z.literal("group"),
			label: z.string().optional(),
			background: z.string().optional(),
			backgroundStyle: z.enum(["cover", "ratio", "repeat"]).optional(),
			...genericNode,
		})
		.strict(),
]);

export const canvasEdge = z
	.object({
		id: z.string().min(1),
		fromNode: z.string(),
		fromSide: side.optional(),
		fromEnd: end.optional(),
		toNode: z.string(),
		toSide: side.optional(),
		toEnd: end.optional(),
		color: canvasColor.optional(),
		label: z.string().optional(),
	})
	.strict();

export const jsonCanvas = z
	.object({ nodes: z.array(canvasNode).optional(), edges: z.array(canvasEdge).optional() })
	.strict()
	.superRefine((c, ctx) => {
		const nodeIds = new Set<string>();
		for (const n of c.nodes ?? []) {
			if (nodeIds.has(n.id)) ctx.addIssue({ code: "custom", message: `duplicate node id ${n.id}` });
			nodeIds.add(n.id);
		}
		const edgeIds = new Set<string>();
		for (const e of c.edges ?? []) {
			if (edgeIds.has(e.id)) ctx.addIssue({ code: "custom", message: `duplicate edge id ${e.id}` });
			edgeIds.add(e.id);
			if (!nodeIds.has(e.fromNode)) ctx.addIssue({ code: "custom", message: `edge ${e.id} starts at no node (${e.fromNode})` });
			if (!nodeIds.has(e.toNode)) ctx.addIssue({ code: "custom", message: `edge ${e.id} ends at no node (${e.toNode})` });
		}
	});
