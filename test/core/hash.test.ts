import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fnv1a32, sha256Bytes, sha256Hex } from "../../src/core/hash";

describe("sha256Hex", () => {
	it("matches the standard test vectors", () => {
		expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	});

	it("agrees with node:crypto on every length around the block and padding edges", () => {
		for (let n = 0; n < 300; n++) {
			const s = "x".repeat(n);
			expect(sha256Hex(s), `length ${n}`).toBe(createHash("sha256").update(s).digest("hex"));
		}
	});

	it("agrees with node:crypto on random Unicode text and bytes", () => {
		fc.assert(
			fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (s) => sha256Hex(s) === createHash("sha256").update(s, "utf8").digest("hex")),
			{ numRuns: 300 },
		);
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 1000 }), (b) => sha256Bytes(b) === createHash("sha256").update(b).digest("hex")),
			{ numRuns: 200 },
		);
	});

	it("hashes a 1 MB prompt", () => {
		const big = "雨".repeat(350_000);
		expect(sha256Hex(big)).toBe(createHash("sha256").update(big, "utf8").digest("hex"));
	});
});

describe("fnv1a32", () => {
	it("gives the reference values and 8 hex digits", () => {
		expect(fnv1a32("")).toBe("811c9dc5");
		expect(fnv1a32("a")).toBe("e40c292c");
		expect(fnv1a32("foobar")).toBe("bf9cf968");
		expect(fnv1a32("x".repeat(500))).toMatch(/^[0-9a-f]{8}$/);
	});
});
