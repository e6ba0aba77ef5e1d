/**
 * SHA-256 and HMAC-SHA256: our own (src/core/hash.ts, and the HMAC it replaced,
 * kept here as the baseline) against @noble/hashes, on the work CineFlow does:
 * hashing every prompt (the parse bench), hashing images and videos, signing
 * SigV4 and JWT requests.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { sha256Hex } from "../../src/core/hash";
import { bundledBytes, kb, race, x } from "./measure";

/** The hand-written HMAC that src/core/run/sigv4.ts had (over our own SHA-256), as the baseline. */
function ownHmac(key: Uint8Array, message: Uint8Array): Uint8Array {
	const h = (d: Uint8Array) =>
		Uint8Array.from(
			ownSha256Bytes(d)
				.match(/../g)!
				.map((b) => parseInt(b, 16)),
		);
	let k = key.length > 64 ? h(key) : key;
	const block = new Uint8Array(64);
	block.set(k);
	k = block;
	const inner = new Uint8Array(64 + message.length);
	const outer = new Uint8Array(64 + 32);
	for (let i = 0; i < 64; i++) {
		inner[i] = k[i]! ^ 0x36;
		outer[i] = k[i]! ^ 0x5c;
	}
	inner.set(message, 64);
	outer.set(h(inner), 64);
	return h(outer);
}

/**
 * Our SHA-256 core over bytes. src/core/hash.ts now hashes bytes with the
 * library, so the baseline feeds the same int32 code the bytes as 7-bit text
 * (one UTF-8 byte a character: the same length, the same number of blocks); the
 * conversion is one native call per hash.
 */
function ownSha256Bytes(data: Uint8Array): string {
	let text = "";
	for (let i = 0; i < data.length; i += 8192) text += String.fromCharCode(...data.subarray(i, i + 8192).map((b) => b & 0x7f));
	return sha256Hex(text);
}

export async function hashRows(): Promise<string[]> {
	const prompts = Array.from({ length: 20_000 }, (_, i) => `A slow dolly shot through a rain-soaked neon street, shot ${i}. ` + "Rain. ".repeat(i % 120));
	const prompt = race(
		() => prompts.forEach((p) => sha256Hex(p)),
		() => prompts.forEach((p) => bytesToHex(sha256(utf8ToBytes(p)))),
	);
	const big = "x".repeat(4_000_000);
	const bigBytes = utf8ToBytes(big);
	// Bytes are what images and videos are: ours must turn them into text first (ownSha256Bytes).
	const bytes = race(
		() => ownSha256Bytes(bigBytes),
		() => bytesToHex(sha256(bigBytes)),
	);
	const key = utf8ToBytes("AWS4" + "k".repeat(40));
	const msg = utf8ToBytes("AWS4-HMAC-SHA256\n20261203T000000Z\n" + "s".repeat(200));
	const mac = race(
		() => {
			for (let i = 0; i < 5_000; i++) ownHmac(key, msg);
		},
		() => {
			for (let i = 0; i < 5_000; i++) hmac(sha256, key, msg);
		},
	);
	const oursSize = await bundledBytes(`export { sha256Hex } from "./src/core/hash";`);
	const nobleSize = await bundledBytes(
		`export { sha256 } from "@noble/hashes/sha2.js"; export { hmac } from "@noble/hashes/hmac.js"; export { bytesToHex } from "@noble/hashes/utils.js";`,
	);
	return [
		`| SHA-256 of 20,000 prompts (the parse bench's work) | ${prompt.oursMs.toFixed(1)} ms | ${prompt.libMs.toFixed(1)} ms | ${x(prompt.ratio)} | **ours kept**: the library is slower here |`,
		`| SHA-256 of 4 MB (images, videos) | ${bytes.oursMs.toFixed(1)} ms | ${bytes.libMs.toFixed(1)} ms | ${x(bytes.ratio)} | ${bytes.ratio < 1 ? "library (\`sha256Bytes\`)" : "library (\`sha256Bytes\`) although not faster here: ours hashes text, and a Uint8Array spread into a string costs memory per byte"} |`,
		`| HMAC-SHA256 × 5,000 (SigV4, JWT) | ${mac.oursMs.toFixed(1)} ms | ${mac.libMs.toFixed(1)} ms | ${x(mac.ratio)} | library (\`hmacSha256\`) |`,
		`| Bundle size, minified | ${kb(oursSize)} (own SHA-256) | ${kb(nobleSize)} (sha2 + hmac + utils) | — | both ship |`,
	];
}
