/**
 * Small value helpers shared across the core: plain-record checks, base64 and
 * data URIs (btoa/atob only, mobile-safe), and URI decoding that never throws.
 */

export function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** decodeURIComponent that returns the input unchanged when it is not valid percent-encoding. */
export function decodeSafe(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

export function toBase64(bytes: Uint8Array): string {
	let bin = "";
	const chunk = 0x8000;
	for (let i = 0; i < bytes.length; i += chunk) {
		bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
	}
	return btoa(bin);
}

export function fromBase64(b64: string): Uint8Array {
	const bin = atob(b64);
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}

export function dataUri(mime: string, bytes: Uint8Array): string {
	return `data:${mime};base64,${toBase64(bytes)}`;
}
