/** Pixel sizes, resolution labels and aspect ratios as the providers spell them. */
import type { Orientation } from "../types";
import type { Aspect, Resolution } from "./types";

/** "1280x720" → [1280, 720]. */
export function sizeWH(size: string): [number, number] | undefined {
	const m = /^(\d+)\s*[x*×]\s*(\d+)$/i.exec(size.trim());
	if (!m) return undefined;
	return [Number(m[1]), Number(m[2])];
}

/** "720p" / "1080p" from a pixel size (the shorter side). */
export function resolutionLabel(size: string): string {
	const wh = sizeWH(size);
	if (!wh) return "720p";
	return `${Math.min(wh[0], wh[1])}p`;
}

export function aspectRatio(orientation: "horizontal" | "vertical"): string {
	return orientation === "vertical" ? "9:16" : "16:9";
}

const SHORT_SIDE: Record<Resolution, number> = { "480p": 480, "540p": 540, "720p": 720, "768p": 768, "1080p": 1080, "1440p": 1440, "4k": 2160 };
const RATIO: Record<Aspect, [number, number]> = { "16:9": [16, 9], "9:16": [9, 16], "1:1": [1, 1], "4:3": [4, 3], "3:4": [3, 4], "21:9": [21, 9] };

/** Pixel size of a resolution at an aspect ratio: 720p 16:9 → "1280x720", 1080p 9:16 → "1080x1920". */
export function sizeOf(resolution: Resolution, aspect: Aspect): string {
	const short = SHORT_SIDE[resolution];
	const [a, b] = RATIO[aspect];
	const even = (n: number) => Math.round(n / 2) * 2;
	return a >= b ? `${even((short * a) / b)}x${short}` : `${short}x${even((short * b) / a)}`;
}

/** The resolution label of a pixel size ("1920x1080" → "1080p"); undefined when it is none of ours. */
export function resolutionOf(size: string): Resolution | undefined {
	const wh = sizeWH(size);
	if (!wh) return undefined;
	const short = Math.min(wh[0], wh[1]);
	for (const [label, px] of Object.entries(SHORT_SIDE)) if (px === short) return label as Resolution;
	return undefined;
}

/** The aspect ratio of a pixel size, when it is one of ours (within 2 %). */
export function aspectOf(size: string): Aspect | undefined {
	const wh = sizeWH(size);
	if (!wh) return undefined;
	const r = wh[0] / wh[1];
	for (const [label, [a, b]] of Object.entries(RATIO)) if (Math.abs(r - a / b) / (a / b) < 0.02) return label as Aspect;
	return undefined;
}

/** Orientation implied by an aspect ratio (a square counts as horizontal). */
export function orientationOfAspect(aspect: Aspect): Orientation {
	return aspect === "9:16" || aspect === "3:4" ? "vertical" : "horizontal";
}
