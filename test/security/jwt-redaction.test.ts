/**
 * Kling signs a JWT per request from its access key (the token's issuer) and its
 * secret key. The token, the access key and the secret key must never be readable
 * in an error, a log line or the journal: the redactor knows both keys, and a JWT
 * pattern masks a token wherever only the patterns run (the journal, request ids).
 */
import { describe, expect, it } from "vitest";
import { Journal, JOURNAL_NAME } from "../../src/core/journal";
import { getAdapter } from "../../src/core/providers/index";
import { klingToken } from "../../src/core/providers/kling";
import type { ProviderContext } from "../../src/core/providers/types";
import { createRedactor, redactPatterns } from "../../src/core/redact";
import { RunLog, RUN_LOG_NAME } from "../../src/core/run/runlog";
import type { VaultPort } from "../../src/ports/vault";
import { scanText, type Leak } from "./leak-scan";

const AK = "AKcanary7d41c0e9b2f5";
const SK = "SKcanary-secret-91e3a5c7d2b4f6a8";
const NOW = Date.UTC(2026, 11, 3);
const JWT = klingToken(AK, SK, NOW);
const enc = new TextEncoder();

class MemVault implements VaultPort {
	files = new Map<string, string>();
	read = (p: string) => Promise.resolve(this.files.get(p) ?? null);
	readBinary = () => Promise.resolve(null);
	stat = (p: string) => Promise.resolve(this.files.has(p) ? { size: this.files.get(p)?.length ?? 0, mtime: 0 } : null);
	listFiles = () => Promise.resolve([...this.files.keys()]);
	ensureFolder = () => Promise.resolve();
	writeBinary = () => Promise.resolve();
	writeText = (p: string, t: string) => Promise.resolve(void this.files.set(p, t));
	append = (p: string, t: string) => Promise.resolve(void this.files.set(p, (this.files.get(p) ?? "") + t));
	rename = (a: string, b: string) => {
		const t = this.files.get(a);
		if (t !== undefined) this.files.set(b, t);
		this.files.delete(a);
		return Promise.resolve();
	};
	remove = (p: string) => Promise.resolve(void this.files.delete(p));
	process = (p: string, fn: (t: string) => string) => {
		const t = fn(this.files.get(p) ?? "");
		this.files.set(p, t);
		return Promise.resolve(t);
	};
}

/** Nothing of the token or the keys: no whole token, no signature, no key. */
function clean(text: string): void {
	const [h, p, s] = JWT.split(".") as [string, string, string];
	for (const needle of [JWT, `${p}.${s}`, s, AK, SK, encodeURIComponent(SK), btoa(SK)]) expect(text).not.toContain(needle);
	expect(text).not.toMatch(new RegExp(`${h}\\.[A-Za-z0-9_-]{2,}`));
	const leaks: Leak[] = [];
	scanText(SK, "text", text, leaks);
	expect(leaks).toEqual([]);
}

describe("Kling JWT redaction", () => {
	const redact = createRedactor([AK, SK]);
	const ctx: ProviderContext = { baseUrl: "https://api-singapore.klingai.com", apiKey: AK, secondKey: SK, redact, now: NOW };

	it("the leak scanner sees an unmasked JWT (positive control)", () => {
		const leaks: Leak[] = [];
		scanText("unrelated-key-000000000000", "x", `token ${JWT}`, leaks);
		expect(leaks.map((l) => l.what)).toEqual(["JWT"]);
	});

	it("patterns alone mask a bare token, a header echo and a JSON field", () => {
		for (const text of [`tok ${JWT} end`, `Authorization: Bearer ${JWT}`, JSON.stringify({ authorization: JWT }), `?token=${JWT}&x=1`]) {
			const out = redactPatterns(text);
			expect(out).not.toContain(JWT.split(".")[2]);
			expect(out).toMatch(/\*\*\*/);
		}
	});

	it("an error body echoing the token and both keys (create and poll)", () => {
		const body = { code: 1002, message: `Authorization is invalid: ${JWT} (iss ${AK}, key ${SK})`, request_id: `req-${JWT}` };
		const res = { status: 401, headers: { "content-type": "application/json", "x-request-id": JWT }, body: enc.encode(JSON.stringify(body)) };
		const kling = getAdapter("kling");
		const c = kling.parseCreate(res, ctx);
		const p = kling.parsePoll(res, ctx, "text2video:1");
		expect(c.ok || c.failure.cls).toBe("auth");
		for (const o of [c, p]) {
			if (o.ok) throw new Error("expected a failure");
			clean(o.failure.message);
			clean(o.failure.requestId ?? "");
			clean(o.meta.requestId ?? "");
		}
		// Only the pattern redactor (no key known): still no token.
		const bare = kling.parseCreate(res, { ...ctx, redact: redactPatterns });
		expect(bare.ok || bare.failure.message).not.toContain(JWT.split(".")[2]);
	});

	it("a run-log line and a journal entry", async () => {
		const vault = new MemVault();
		const log = new RunLog(vault, new Map([["Film/Ep1.md", "Film/_assets/Ep1"]]), redact);
		log.add(
			{
				type: "job",
				at: NOW,
				key: "k",
				notePath: "Film/Ep1.md",
				shotId: "s1",
				take: 1,
				state: "failed",
				message: `kling 401: Bearer ${JWT} ${JWT} secret ${SK}`,
			},
			"run-1",
		);
		await log.flush();
		const logText = vault.files.get(`Film/_assets/Ep1/${RUN_LOG_NAME}`) ?? "";
		expect(logText).toContain("kling 401");
		clean(logText);

		const journal = await Journal.open(vault, "Film/_assets/Ep1", "Film/Ep1.md");
		const base = { shotId: "s1", take: 1, provider: "kling", model: "kling-v3", promptHash: "h", outputPath: "Film/_assets/Ep1/s1.mp4" };
		// The journal redacts with the patterns only: the token must go even when no key is known.
		await journal.update("s1", 1, { status: "failed", error: `auth failed for token ${JWT}`, updatedAt: NOW }, base);
		const text = vault.files.get(`Film/_assets/Ep1/${JOURNAL_NAME}`) ?? "";
		expect(text).toContain("auth failed for token");
		expect(text).not.toContain(JWT.split(".")[1]);
		expect(text).not.toContain(JWT.split(".")[2]);
	});
});
