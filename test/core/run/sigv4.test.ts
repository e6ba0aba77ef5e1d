import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hmacSha256 } from "../../../src/core/run/sigv4";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("hmacSha256 (@noble/hashes)", () => {
	it("matches RFC 4231 test case 2", () => {
		const out = hmacSha256(new TextEncoder().encode("Jefe"), new TextEncoder().encode("what do ya want for nothing?"));
		expect(hex(out)).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	});

	it("matches node:crypto for keys shorter and longer than a block", () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 200 }),
				fc.uint8Array({ maxLength: 500 }),
				(key, msg) => hex(hmacSha256(key, msg)) === createHmac("sha256", key).update(msg).digest("hex"),
			),
			{ numRuns: 200 },
		);
	});
});
