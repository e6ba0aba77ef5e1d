/**
 * Fuzzing the download checks and the journal reader.
 * - downloadVideo over random response chains (status, Location, Content-Length,
 *   body): it never throws; an accepted download is an MP4/WebM within the cap;
 *   at most 6 requests (5 redirects) are made, only to http(s); the key header
 *   never reaches a host other than the original one; messages carry no key.
 * - Journal.open over random and mutated journal files: it either loads or throws
 *   the documented JournalError naming the file; nothing else escapes.
 */
import { afterAll, describe, it } from "vitest";
import fc from "fast-check";
import { downloadVideo, isVideo } from "../../src/core/download";
import { Journal, JournalError, JOURNAL_NAME, parseJournalText } from "../../src/core/journal";
import { createRedactor } from "../../src/core/redact";
import type { HttpPort, HttpRequest, HttpResponse } from "../../src/ports/http";
import { HttpTransportError } from "../../src/ports/http";
import type { VaultPort } from "../../src/ports/vault";
import { sampleMp4 } from "../../src/sim/index";
import { damageText, jsonOpArb, mutateJson } from "./json-mutate";
import { count, runs, seedFor, writeReport } from "./support";

afterAll(() => writeReport());

const KEY = "sk-CANARY-dljournal-0123456789ab";
const MP4 = sampleMp4();
const enc = new TextEncoder();

function ensure(cond: boolean, what: string, detail = ""): void {
	if (!cond) throw new Error(`${what}: ${detail.slice(0, 400)}`);
}

const locationArb = fc.oneof(
	fc.constantFrom(
		"https://cdn.test/next",
		"/relative/next",
		"//other.test/x.mp4",
		"http://other.test:8080/v.mp4",
		"file:///etc/passwd",
		"ftp://cdn.test/v",
		"javascript:alert(1)",
		"data:video/mp4;base64,AAAA",
		"https://cdn.test/v.mp4?sig=SIG&key=" + KEY,
		"",
		"   ",
		"http://[::1]/v",
		"https://cdn.test/%zz",
	),
	fc.webUrl(),
	fc.string({ maxLength: 20 }),
);

const bodyArb = fc.oneof(
	fc.constant(MP4),
	fc.constant(MP4.subarray(0, 40)),
	fc.constant(enc.encode("<!DOCTYPE html><html>error</html>")),
	fc.constant(enc.encode('{"error":"expired"}')),
	fc.constant(new Uint8Array(0)),
	fc.constant(new Uint8Array(5000).fill(0x61)),
	fc.uint8Array({ maxLength: 64 }),
);

const responseArb: fc.Arbitrary<HttpResponse | "throw"> = fc.oneof(
	{ weight: 1, arbitrary: fc.constant("throw" as const) },
	{
		weight: 8,
		arbitrary: fc.record({
			status: fc.constantFrom(200, 200, 206, 204, 301, 302, 303, 307, 308, 304, 400, 401, 403, 404, 408, 410, 429, 500, 503, 0, 99, 1000),
			headers: fc.record(
				{
					location: locationArb,
					"content-length": fc.oneof(fc.nat().map(String), fc.constantFrom("-1", "abc", "1e10", "99999999999999999999", "")),
					"content-type": fc.constantFrom("video/mp4", "text/html", ""),
				},
				{ requiredKeys: [] },
			),
			body: bodyArb,
		}),
	},
);

describe("fuzz: downloadVideo over random response chains", () => {
	it(`${runs(3000)} chains: never throws, accepts only capped videos, ≤ 5 redirects, http(s) only, key stays on its host`, async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(responseArb, { minLength: 1, maxLength: 9 }),
				fc.constantFrom(1024, 4096, 1024 * 1024),
				fc.constantFrom("https://api.test/v1/content", "http://api.test/v.mp4", "ftp://api.test/v"),
				async (chain, maxBytes, start) => {
					count("download.chains");
					const seen: HttpRequest[] = [];
					const http: HttpPort = {
						request(req) {
							seen.push(req);
							const r = chain[Math.min(seen.length - 1, chain.length - 1)];
							if (r === undefined || r === "throw")
								return Promise.reject(new HttpTransportError("network", `reset while fetching ${req.url} with ${KEY}`));
							return Promise.resolve(r);
						},
					};
					const res = await downloadVideo(
						http,
						{ url: start, headers: { Authorization: `Bearer ${KEY}`, "x-goog-api-key": KEY } },
						{ maxBytes, timeoutMs: 1000, redact: createRedactor([KEY]), now: 0 },
					);
					ensure(seen.length <= 6, `${seen.length} requests`);
					for (const s of seen) ensure(/^https?:\/\//i.test(s.url), "non-http request", s.url);
					const origin = new URL(start.replace(/^ftp/, "http")).host;
					let dropped = false;
					for (const s of seen) {
						const host = new URL(s.url).host;
						if (host !== origin) dropped = true;
						const carries = Object.values(s.headers ?? {}).some((v) => v.includes(KEY));
						ensure(!(carries && (host !== origin || dropped)), "key header sent to another host (or after leaving the origin)", s.url);
					}
					if (res.ok) {
						ensure(res.bytes.length > 0 && res.bytes.length <= maxBytes, "accepted size", String(res.bytes.length));
						ensure(isVideo(res.bytes) !== null, "accepted a non-video");
					} else {
						ensure(["retry", "expired", "fatal"].includes(res.kind), "kind", res.kind);
						ensure(!res.message.includes(KEY), "key in message", res.message);
					}
				},
			),
			{ seed: seedFor("download.chains"), numRuns: runs(3000) },
		);
	});
});

class MemVault implements VaultPort {
	files = new Map<string, string>();
	read(p: string) {
		return Promise.resolve(this.files.get(p) ?? null);
	}
	readBinary() {
		return Promise.resolve(null);
	}
	stat(p: string) {
		const t = this.files.get(p);
		return Promise.resolve(t === undefined ? null : { size: t.length, mtime: 0 });
	}
	listFiles() {
		return Promise.resolve([...this.files.keys()]);
	}
	ensureFolder() {
		return Promise.resolve();
	}
	writeBinary() {
		return Promise.resolve();
	}
	writeText(p: string, t: string) {
		this.files.set(p, t);
		return Promise.resolve();
	}
	append(p: string, t: string) {
		this.files.set(p, (this.files.get(p) ?? "") + t);
		return Promise.resolve();
	}
	rename(a: string, b: string) {
		const t = this.files.get(a);
		if (t !== undefined) this.files.set(b, t);
		this.files.delete(a);
		return Promise.resolve();
	}
	remove(p: string) {
		this.files.delete(p);
		return Promise.resolve();
	}
	async process(p: string, fn: (t: string) => string) {
		const t = fn(this.files.get(p) ?? "");
		this.files.set(p, t);
		return t;
	}
}

const VALID = {
	version: 1,
	note: "Film/Ep1.md",
	entries: {
		"s01#1": {
			shotId: "s01",
			take: 1,
			provider: "sorahk",
			model: "sora-2",
			promptHash: "ab",
			status: "submitted",
			outputPath: "Film/_assets/Ep1/s01.mp4",
			remoteId: "t1",
			attempts: 1,
			requestIds: ["r1"],
			submittedAt: 1,
			updatedAt: 2,
		},
		"s02#2": {
			shotId: "s02",
			take: 2,
			provider: "veo",
			model: "veo-3",
			promptHash: "cd",
			status: "done",
			outputPath: "Film/_assets/Ep1/s02.take2.mp4",
			videoUrl: "https://x/v.mp4",
			attempts: 2,
			requestIds: [],
			updatedAt: 3,
		},
	},
};

describe("fuzz: journal reader", () => {
	it(`${runs(2000)} random and mutated journals load or fail with JournalError only`, async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(jsonOpArb, { maxLength: 4 }), fc.boolean(), fc.oneof(fc.constant(null), fc.jsonValue()), async (ops, damage, random) => {
				count("journal.open");
				let value: unknown = random ?? VALID;
				for (const op of ops) value = mutateJson(value, op, KEY);
				let text = JSON.stringify(value, null, "\t") ?? "null";
				if (damage) for (const op of ops.slice(0, 1)) text = damageText(text, op);
				const vault = new MemVault();
				const folder = "Film/_assets/Ep1";
				vault.files.set(`${folder}/${JOURNAL_NAME}`, text);
				try {
					const j = await Journal.open(vault, folder, "Film/Ep1.md");
					for (const e of j.entries()) ensure(typeof e.shotId === "string" && Number.isInteger(e.take), "loaded a malformed entry");
					// A loaded journal can be written back and read again.
					await j.flush();
					parseJournalText(vault.files.get(`${folder}/${JOURNAL_NAME}`) ?? "");
				} catch (err) {
					ensure(err instanceof JournalError, `not a JournalError: ${String(err)}`);
					ensure((err as Error).message.startsWith(`${folder}/${JOURNAL_NAME}: `), "message names no file", (err as Error).message);
					ensure(!(err as Error).message.includes(KEY), "key in message", (err as Error).message);
				}
			}),
			{ seed: seedFor("journal.open"), numRuns: runs(2000) },
		);
	});
});
