/** HS256 JSON Web Tokens (src/core/providers/jwt.ts), checked against node:crypto and a published example. */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64Url, decodeJwt, fromBase64Url, signHs256, verifyHs256 } from "../../../src/core/providers/jwt";

describe("base64url", () => {
	it("matches Node's base64url for every length mod 3, and reads it back", () => {
		for (let n = 0; n < 40; n++) {
			const bytes = new Uint8Array(n).map((_, i) => (i * 73 + n) & 255);
			const s = base64Url(bytes);
			expect(s).toBe(Buffer.from(bytes).toString("base64url"));
			expect(fromBase64Url(s)).toEqual(bytes);
		}
	});

	it("refuses what is not base64url: padding, '+' and '/', impossible lengths", () => {
		expect(fromBase64Url("YQ==")).toBeUndefined();
		expect(fromBase64Url("a+b/")).toBeUndefined();
		expect(fromBase64Url("abcde")).toBeUndefined();
	});
});

describe("signHs256, decodeJwt and verifyHs256", () => {
	it("signs the jwt.io example to its published token", () => {
		const token = signHs256({ sub: "1234567890", name: "John Doe", iat: 1516239022 }, "your-256-bit-secret");
		expect(token).toBe(
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
		);
	});

	it("signs what node:crypto signs, claims in the order given, UTF-8 secrets included", () => {
		const payload = { iss: "ak-0123", exp: 1767270000, nbf: 1767268195, note: "雨夜" };
		const token = signHs256(payload, "sk-密钥");
		const [h, p, s] = token.split(".") as [string, string, string];
		expect(Buffer.from(p, "base64url").toString("utf8")).toBe(JSON.stringify(payload));
		expect(s).toBe(createHmac("sha256", "sk-密钥").update(`${h}.${p}`).digest("base64url"));
	});

	it("decodes the parts and verifies only the right secret and an untouched token", () => {
		const token = signHs256({ iss: "ak", exp: 2 }, "secret");
		const jwt = decodeJwt(token);
		expect(jwt).toMatchObject({ header: { alg: "HS256", typ: "JWT" }, payload: { iss: "ak", exp: 2 } });
		if (!jwt) throw new Error("not decoded");
		expect(verifyHs256(jwt, "secret")).toBe(true);
		expect(verifyHs256(jwt, "Secret")).toBe(false);
		const [h, , s] = token.split(".");
		const forged = decodeJwt(`${h}.${base64Url(new TextEncoder().encode('{"iss":"ak","exp":9}'))}.${s}`);
		expect(forged && verifyHs256(forged, "secret")).toBe(false);
		const none = decodeJwt(`${base64Url(new TextEncoder().encode('{"alg":"none"}'))}.${token.split(".")[1]}.`);
		expect(none && verifyHs256(none, "secret")).toBe(false);
	});

	it("is undefined for what is not a compact JWT", () => {
		expect(decodeJwt("a.b")).toBeUndefined();
		expect(decodeJwt("a.b.c.d")).toBeUndefined();
		expect(decodeJwt(`${base64Url(new TextEncoder().encode("[1]"))}.e30.sig`)).toBeUndefined();
		expect(decodeJwt("e30.e30.not base64")).toBeUndefined();
	});
});
