/**
 * HS256 JSON Web Tokens (RFC 7519 / RFC 7515 compact form), pure and synchronous:
 * HMAC-SHA256 over the core's own SHA-256, so tokens are signed the same way in the
 * plugin (mobile too), the CLI and the simulator. Kling's AccessKey/SecretKey
 * authentication signs one of these per request.
 */
import { hmacSha256 } from "../run/sigv4";
import { fromBase64, isRecord, toBase64 } from "../values";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Base64url without padding (RFC 4648 §5), as JWTs use it. */
export function base64Url(bytes: Uint8Array): string {
	return toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Bytes of a base64url segment; undefined when it is not base64url. */
export function fromBase64Url(segment: string): Uint8Array | undefined {
	if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return undefined;
	const b64 = segment.replace(/-/g, "+").replace(/_/g, "/");
	try {
		return fromBase64(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
	} catch {
		return undefined;
	}
}

function jsonSegment(value: Record<string, unknown>): string {
	return base64Url(enc.encode(JSON.stringify(value)));
}

/** `header.payload.signature` with header `{"alg":"HS256","typ":"JWT"}`; claim order is kept. */
export function signHs256(payload: Record<string, unknown>, secret: string): string {
	const input = `${jsonSegment({ alg: "HS256", typ: "JWT" })}.${jsonSegment(payload)}`;
	return `${input}.${base64Url(hmacSha256(enc.encode(secret), enc.encode(input)))}`;
}

export interface DecodedJwt {
	header: Record<string, unknown>;
	payload: Record<string, unknown>;
	/** `header.payload`, the bytes the signature covers. */
	signingInput: string;
	signature: string;
}

/** The parts of a compact JWT, without checking the signature; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
	const parts = token.split(".");
	if (parts.length !== 3) return undefined;
	const [h, p, s] = parts as [string, string, string];
	const read = (seg: string): Record<string, unknown> | undefined => {
		const bytes = fromBase64Url(seg);
		if (!bytes) return undefined;
		try {
			const v: unknown = JSON.parse(dec.decode(bytes));
			return isRecord(v) ? v : undefined;
		} catch {
			return undefined;
		}
	};
	const header = read(h);
	const payload = read(p);
	if (!header || !payload || !/^[A-Za-z0-9_-]*$/.test(s)) return undefined;
	return { header, payload, signingInput: `${h}.${p}`, signature: s };
}

/** True when `jwt` is HS256 and its signature matches `secret` (constant-time compare). */
export function verifyHs256(jwt: DecodedJwt, secret: string): boolean {
	if (jwt.header.alg !== "HS256") return false;
	const expected = base64Url(hmacSha256(enc.encode(secret), enc.encode(jwt.signingInput)));
	if (expected.length !== jwt.signature.length) return false;
	let diff = 0;
	for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ jwt.signature.charCodeAt(i);
	return diff === 0;
}
