/**
 * Fuzzing the redactor: random keys (any printable characters, regex
 * metacharacters, Unicode) planted at random places in random text, raw, URL-encoded,
 * Base64'd, in headers and in signed URLs. The output never contains them, and
 * redacting twice changes nothing more.
 */
import { afterAll, describe, it } from "vitest";
import fc from "fast-check";
import { createRedactor, redactDeep } from "../../src/core/redact";
import { count, runs, seedFor, writeReport } from "./support";

afterAll(() => writeReport());

function ensure(cond: boolean, what: string, detail = ""): void {
	if (!cond) throw new Error(`${what}: ${JSON.stringify(detail).slice(0, 400)}`);
}

function b64(s: string): string {
	return Buffer.from(s, "utf8").toString("base64");
}

const keyArb = fc.oneof(
	fc.string({
		unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+/=*?()[]{}|^$\\".split("")),
		minLength: 6,
		maxLength: 80,
	}),
	fc.string({ unit: "grapheme", minLength: 6, maxLength: 30 }).filter((s) => s.trim() === s && s.length >= 6),
	fc.stringMatching(/^sk-[A-Za-z0-9]{20,48}$/),
	fc.stringMatching(/^AIza[0-9A-Za-z_-]{35}$/),
);

const wrapArb = fc.constantFrom(
	(k: string) => k,
	(k: string) => `Authorization: Bearer ${k}`,
	(k: string) => `authorization="Basic ${b64("user:" + k)}"`,
	(k: string) => `https://api.test/v1?key=${encodeURIComponent(k)}&x=1`,
	(k: string) => `{"x-goog-api-key": "${k}"}`,
	(k: string) => encodeURIComponent(k),
	(k: string) => b64(k),
	(k: string) => `${k}${k}`,
	(k: string) => `[${k}]`,
);

describe("fuzz: redactor", () => {
	it(`${runs(3000)} planted keys never survive redaction; redaction is idempotent`, () => {
		fc.assert(
			fc.property(keyArb, wrapArb, fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (key, wrap, before, after) => {
				count("redact.planted");
				const redact = createRedactor([key]);
				const text = before + wrap(key) + after;
				const out = redact(text);
				ensure(!out.includes(key), "key survived", out);
				ensure(!out.includes(encodeURIComponent(key)) || encodeURIComponent(key) === key, "url-encoded key survived", out);
				ensure(!out.includes(b64(key)), "base64 key survived", out);
				ensure(redact(out) === out, "redaction not stable", out);
				const deep = redactDeep({ a: [text, { b: text }], n: 1 }, redact);
				ensure(!JSON.stringify(deep).includes(JSON.stringify(key).slice(1, -1)), "redactDeep missed the key");
			}),
			{ seed: seedFor("redact.planted"), numRuns: runs(3000) },
		);
	});

	it(`${runs(1500)} signed URLs lose their signatures`, () => {
		const value = fc.stringMatching(/^[A-Za-z0-9%+/=_-]{6,60}$/);
		fc.assert(
			fc.property(
				fc.constantFrom(
					"sig",
					"Signature",
					"X-Amz-Signature",
					"X-Goog-Signature",
					"X-Amz-Credential",
					"X-Amz-Security-Token",
					"token",
					"access_token",
					"api_key",
					"key",
				),
				value,
				fc.string({ maxLength: 40 }),
				(name, v, tail) => {
					count("redact.signatures");
					const url = `https://cdn.test/v.mp4?se=2030-01-01&${name}=${v}&sp=r`;
					const out = createRedactor([])(`download failed: ${url} ${tail}`);
					ensure(!out.includes(`${name}=${v}`), "signature survived", out);
				},
			),
			{ seed: seedFor("redact.signatures"), numRuns: runs(1500) },
		);
	});
});
