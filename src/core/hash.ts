/**
 * Pure, synchronous hashes (no Web Crypto, no node:crypto): SHA-256 for prompt
 * identity and FNV-1a 32-bit for short, non-cryptographic name suffixes.
 *
 * Bytes are hashed by @noble/hashes. Prompt text keeps its own int32 SHA-256
 * over a reused buffer: on 20,000 short prompts @noble/hashes (a hasher object
 * and a UTF-8 array per call) measured 1.8x slower, and the parse bench hashes
 * every shot (bench/RESULTS.md, libraries). Both are checked against each other.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

const K = new Int32Array([
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
	0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
	0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
	0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const encoder = new TextEncoder();
const W = new Int32Array(64);
const H = new Int32Array(8);
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"));
/** Reused for prompts up to this size; larger inputs get their own buffer. */
const SHARED_MAX = 64 * 1024;
let shared = new Uint8Array(4096);

/** Compresses the padded message `p[0, len)` (len a multiple of 64) into H. Int32 arithmetic. */
function compress(p: Uint8Array, len: number): void {
	let h0 = H[0]!,
		h1 = H[1]!,
		h2 = H[2]!,
		h3 = H[3]!,
		h4 = H[4]!,
		h5 = H[5]!,
		h6 = H[6]!,
		h7 = H[7]!;
	for (let off = 0; off < len; off += 64) {
		let a = h0,
			b = h1,
			c = h2,
			d = h3,
			e = h4,
			f = h5,
			g = h6,
			h = h7;
		for (let i = 0; i < 64; i++) {
			let w: number;
			if (i < 16) {
				const j = off + i * 4;
				w = (p[j]! << 24) | (p[j + 1]! << 16) | (p[j + 2]! << 8) | p[j + 3]!;
			} else {
				const x = W[i - 15]!;
				const y = W[i - 2]!;
				const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
				const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
				w = (s0 + W[i - 16]! + s1 + W[i - 7]!) | 0;
			}
			W[i] = w;
			const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
			const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + w) | 0;
			const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
			const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
			h = g;
			g = f;
			f = e;
			e = (d + t1) | 0;
			d = c;
			c = b;
			b = a;
			a = (t1 + t2) | 0;
		}
		h0 = (h0 + a) | 0;
		h1 = (h1 + b) | 0;
		h2 = (h2 + c) | 0;
		h3 = (h3 + d) | 0;
		h4 = (h4 + e) | 0;
		h5 = (h5 + f) | 0;
		h6 = (h6 + g) | 0;
		h7 = (h7 + h) | 0;
	}
	H[0] = h0;
	H[1] = h1;
	H[2] = h2;
	H[3] = h3;
	H[4] = h4;
	H[5] = h5;
	H[6] = h6;
	H[7] = h7;
}

/** Pads `buf[0, n)` in place (buf must have room) and returns the digest as hex. */
function finish(buf: Uint8Array, n: number): string {
	const total = ((n + 9 + 63) >> 6) << 6;
	buf[n] = 0x80;
	buf.fill(0, n + 1, total);
	const bits = n * 8;
	const hi = Math.floor(bits / 0x100000000);
	const lo = bits >>> 0;
	buf[total - 8] = hi >>> 24;
	buf[total - 7] = (hi >>> 16) & 0xff;
	buf[total - 6] = (hi >>> 8) & 0xff;
	buf[total - 5] = hi & 0xff;
	buf[total - 4] = lo >>> 24;
	buf[total - 3] = (lo >>> 16) & 0xff;
	buf[total - 2] = (lo >>> 8) & 0xff;
	buf[total - 1] = lo & 0xff;
	H.set(H0);
	compress(buf, total);
	let out = "";
	for (let i = 0; i < 8; i++) {
		const v = H[i]!;
		out += HEX[(v >>> 24) & 0xff]! + HEX[(v >>> 16) & 0xff]! + HEX[(v >>> 8) & 0xff]! + HEX[v & 0xff]!;
	}
	return out;
}

/**
 * SHA-256 of raw bytes (images, videos), lowercase hex: @noble/hashes, as fast as
 * our own on large buffers and without copying the input into a padded buffer.
 */
export function sha256Bytes(data: Uint8Array): string {
	return bytesToHex(sha256(data));
}

/** SHA-256 of the UTF-8 encoding of `text`, lowercase hex (64 characters). */
export function sha256Hex(text: string): string {
	const need = text.length * 3 + 72;
	let buf: Uint8Array;
	if (need <= SHARED_MAX) {
		if (shared.length < need) shared = new Uint8Array(SHARED_MAX);
		buf = shared;
	} else {
		buf = new Uint8Array(need);
	}
	const n = encoder.encodeInto(text, buf).written;
	return finish(buf, n);
}

/** FNV-1a 32-bit over UTF-16 code units, lowercase hex (8 characters). Not cryptographic. */
export function fnv1a32(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(16).padStart(8, "0");
}
