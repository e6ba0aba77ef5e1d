/** Signatures echoed outside a URL (an error body quoting `sig=…&se=…`) are masked like URL ones. */
import { describe, expect, it } from "vitest";
import { createRedactor, redactPatterns } from "../../src/core/redact";
import { SIGNATURE } from "../security/leak-scan";

const SIG = "9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc";

describe("redact: signatures outside URLs", () => {
	const bodies = [
		`AuthenticationFailed: sig=${SIG}&se=2026-06-01T00%3A00%3A00Z&sp=r`,
		`{"error":"bad request","detail":"sig=${SIG}&se=2026-06-01"}`,
		`signed with Signature=${SIG}; retry later`,
		`X-Amz-Signature=${SIG}\nX-Amz-Credential=AKIAEXAMPLE/20260601/us-east-1/s3/aws4_request`,
		`(sig=${SIG})`,
		`sig=${SIG}`,
	];
	for (const body of bodies) {
		it(`masks ${JSON.stringify(body.slice(0, 30))}…`, () => {
			for (const r of [redactPatterns, createRedactor(["sk-unrelated-000000"])]) {
				const out = r(body);
				expect(out).not.toContain(SIG);
				expect(out).toContain("***");
				expect([...out.matchAll(SIGNATURE)]).toEqual([]);
			}
		});
	}

	it("leaves words that merely end in sig or token alone", () => {
		expect(redactPatterns("config: max_token=100, design=flat")).toBe("config: max_token=100, design=flat");
	});

	it("the leak scanner sees a bare echoed signature (so the audits would catch one)", () => {
		expect([...`detail: sig=${SIG}&se=x`.matchAll(SIGNATURE)]).toHaveLength(1);
	});
});
