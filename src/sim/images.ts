/**
 * What the simulator records of the images a create carries: the role on the wire
 * and the SHA-256 of the bytes received (data URI or raw Base64), or the URL given
 * instead. Tests compare these hashes with the bytes the client meant to send.
 */
import { sha256Bytes } from "../core/hash";
import type { SimImage } from "./types";

/** One image value as a route found it; undefined for anything that is not an image string. */
export function simImage(role: SimImage["role"], value: unknown): SimImage | undefined {
	if (typeof value !== "string" || value === "") return undefined;
	if (/^(https?|runway):\/\//i.test(value)) return { role, url: value.slice(0, 500) };
	const b64 = /^data:[^;,]+;base64,(.*)$/s.exec(value)?.[1] ?? value;
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
	return { role, sha256: sha256Bytes(new Uint8Array(Buffer.from(b64, "base64"))) };
}

/** The images of a create, in wire order, without the values that are not images. */
export function simImages(items: ReadonlyArray<readonly [SimImage["role"], unknown]>): SimImage[] | undefined {
	const out = items.map(([role, v]) => simImage(role, v)).filter((i): i is SimImage => i !== undefined);
	return out.length ? out : undefined;
}
