/**
 * The random source for real runs (the CLI and the plugin): Web Crypto's
 * `crypto.getRandomValues`, a global in Node 20 and in Obsidian on every platform.
 * Numbers are drawn 64 at a time and handed out one by one.
 */
import type { Random } from "../ports/random";

export function systemRandom(): Random {
	const buf = new Uint32Array(64);
	let next = buf.length;
	return () => {
		if (next === buf.length) {
			crypto.getRandomValues(buf);
			next = 0;
		}
		return buf[next++]! / 4294967296;
	};
}
