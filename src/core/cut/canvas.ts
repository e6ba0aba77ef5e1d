/**
 * The cut as an Obsidian canvas (`.canvas`): JSON Canvas 1.0, the open format
 * published at jsoncanvas.org (spec/1.0.md in github.com/obsidianmd/jsoncanvas,
 * "Version 1.0 — 2024-03-11", commit 6a703e2):
 *  - top level: optional `nodes` and `edges` arrays; nodes in ascending z-order
 *    (so each shot's group comes before the nodes drawn on it);
 *  - every node: `id` (unique string), `type`, integer `x`, `y`, `width`, `height`;
 *    `file` nodes carry `file` (the path in the vault), `text` nodes `text` (Markdown),
 *    `group` nodes an optional `label`;
 *  - edges: `id`, `fromNode`, `toNode`, optional `fromSide`/`toSide`
 *    (top/right/bottom/left); `toEnd` defaults to an arrow.
 * One group per shot (labelled with its id), holding its poster (when there is one),
 * its video and its prompt; shots run left to right in rows of `columns`; edges join the
 * videos in story order (right side to left side).
 */
import { fnv1a32 } from "../hash";
import type { Cut, CutClip } from "./types";

export type CanvasSide = "top" | "right" | "bottom" | "left";

interface CanvasNodeBase {
	id: string;
	x: number;
	y: number;
	width: number;
	height: number;
	color?: string;
}

export type CanvasNode =
	| (CanvasNodeBase & { type: "text"; text: string })
	| (CanvasNodeBase & { type: "file"; file: string; subpath?: string })
	| (CanvasNodeBase & { type: "link"; url: string })
	| (CanvasNodeBase & { type: "group"; label?: string; background?: string; backgroundStyle?: "cover" | "ratio" | "repeat" });

export interface CanvasEdge {
	id: string;
	fromNode: string;
	fromSide?: CanvasSide;
	fromEnd?: "none" | "arrow";
	toNode: string;
	toSide?: CanvasSide;
	toEnd?: "none" | "arrow";
	color?: string;
	label?: string;
}

export interface JsonCanvas {
	nodes: CanvasNode[];
	edges: CanvasEdge[];
}

export interface CanvasOptions {
	/** Shots per row (4 by default). */
	columns?: number;
}

const WIDTH = 400;
const PAD = 20;
const GAP = 20;
const COLUMN = WIDTH + 2 * PAD + 60;
const ROW_GAP = 80;
const TEXT_HEIGHT = 200;

/** Width and height of a shot's picture: 16:9 across the column, or 9:16 centred in it. */
function pictureSize(c: CutClip): { width: number; height: number } {
	return c.orientation === "vertical" ? { width: 180, height: 320 } : { width: WIDTH, height: 225 };
}

/** The text of a shot's prompt node (Markdown). */
export function promptText(c: CutClip): string {
	const head = [`**${c.shotId}**`, c.take > 1 ? `take ${c.take}` : "", `${c.duration} s`].filter(Boolean).join(" · ");
	const who = c.provider ? `\n${c.provider}${c.model ? ` / ${c.model}` : ""}` : "";
	return `${head}${who}\n\n${c.prompt}`;
}

/** Ids like Obsidian's own (16 hex digits), stable for a note and shot, unique in the canvas. */
function idMaker(seed: string): (key: string) => string {
	const used = new Set<string>();
	return (key: string) => {
		for (let n = 0; ; n++) {
			const k = `${seed}\u0000${key}\u0000${n}`;
			const id = fnv1a32(k) + fnv1a32(k.split("").reverse().join(""));
			if (!used.has(id)) {
				used.add(id);
				return id;
			}
		}
	};
}

interface Placed {
	clip: CutClip;
	nodes: CanvasNode[];
	video: string;
	/** Left edge of the shot's column. */
	x: number;
	height: number;
}

function placeShot(c: CutClip, x: number, id: (key: string) => string): Placed {
	const pic = pictureSize(c);
	const left = x + PAD + Math.round((WIDTH - pic.width) / 2);
	const nodes: CanvasNode[] = [];
	let y = PAD;
	if (c.posterPath) {
		nodes.push({ id: id(`${c.index}:poster`), type: "file", file: c.posterPath, x: left, y, ...pic });
		y += pic.height + GAP;
	}
	const video = id(`${c.index}:video`);
	nodes.push({ id: video, type: "file", file: c.videoPath, x: left, y, ...pic });
	y += pic.height + GAP;
	nodes.push({ id: id(`${c.index}:prompt`), type: "text", text: promptText(c), x: x + PAD, y, width: WIDTH, height: TEXT_HEIGHT });
	y += TEXT_HEIGHT + PAD;
	return { clip: c, nodes, video, x, height: y };
}

/** The cut laid out as a canvas. */
export function cutToCanvas(cut: Cut, options: CanvasOptions = {}): JsonCanvas {
	const columns = Math.max(1, Math.floor(options.columns ?? 4));
	const id = idMaker(cut.notePath);
	const nodes: CanvasNode[] = [];
	const edges: CanvasEdge[] = [];
	let rowTop = 0;
	let previous: Placed | null = null;
	for (let start = 0; start < cut.clips.length; start += columns) {
		const row = cut.clips.slice(start, start + columns).map((c, i) => placeShot(c, i * COLUMN, id));
		const height = Math.max(...row.map((p) => p.height));
		for (const p of row) {
			const label = p.clip.take > 1 ? `${p.clip.shotId} (take ${p.clip.take})` : p.clip.shotId;
			nodes.push({ id: id(`${p.clip.index}:group`), type: "group", label, x: p.x, y: rowTop, width: WIDTH + 2 * PAD, height });
			for (const n of p.nodes) nodes.push({ ...n, y: n.y + rowTop });
			if (previous) edges.push({ id: id(`${p.clip.index}:edge`), fromNode: previous.video, fromSide: "right", toNode: p.video, toSide: "left" });
			previous = p;
		}
		rowTop += height + ROW_GAP;
	}
	return { nodes, edges };
}

/** The `.canvas` text, tab-indented as Obsidian writes it. */
export function renderCanvas(canvas: JsonCanvas): string {
	return JSON.stringify(canvas, null, "\t") + "\n";
}
