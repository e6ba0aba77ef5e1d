/** SigV4 presigning (AWS's published example), the uploaders' answer handling, bible notes. */
import { describe, expect, it } from "vitest";
import { applyBibleNote, bibleTarget, readBibleNote } from "../../../src/core/parse/bible";
import { parseMarkdown } from "../../../src/core/parse";
import { planJobs } from "../../../src/core/plan";
import { createRedactor } from "../../../src/core/redact";
import { hmacSha256, presignUrl, verifyPresigned } from "../../../src/core/run/sigv4";
import { createUploader, uploaderProblem, uploadName } from "../../../src/core/run/upload";
import { migrateSettings, type Settings } from "../../../src/core/settings";
import { TEST_SETTINGS } from "../../support/settings";
import type { HttpPort, HttpRequest, HttpResponse } from "../../../src/ports/http";

const enc = new TextEncoder();
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("SigV4 presigning", () => {
	it("matches AWS's documented presigned GET example", () => {
		const url = presignUrl({
			method: "GET",
			url: "https://examplebucket.s3.amazonaws.com/test.txt",
			region: "us-east-1",
			accessKeyId: "AKIAIOSFODNN7EXAMPLE",
			secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			now: Date.UTC(2013, 4, 24),
			expiresSeconds: 86400,
		});
		expect(url).toBe(
			"https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
		);
	});

	it("HMAC-SHA256 matches RFC 4231 test case 2 and a long key", () => {
		expect(hex(hmacSha256(enc.encode("Jefe"), enc.encode("what do ya want for nothing?")))).toBe(
			"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
		);
		expect(hex(hmacSha256(new Uint8Array(131).fill(0xaa), enc.encode("Test Using Larger Than Block-Size Key - Hash Key First")))).toBe(
			"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
		);
	});

	it("verifies its own URLs, and refuses a changed method, a wrong secret and an expired URL", () => {
		const now = Date.UTC(2026, 0, 1);
		const url = presignUrl({
			method: "PUT",
			url: "http://127.0.0.1:9000/s3/b/a%20b/c.png",
			region: "auto",
			accessKeyId: "AK",
			secretAccessKey: "SK",
			now,
			expiresSeconds: 60,
		});
		const secret = (id: string) => (id === "AK" ? "SK" : undefined);
		expect(verifyPresigned("PUT", url, secret, now + 1000)).toEqual({ ok: true, accessKeyId: "AK" });
		expect(verifyPresigned("GET", url, secret, now)).toEqual({ ok: false, reason: "SignatureDoesNotMatch" });
		expect(verifyPresigned("PUT", url, () => "other", now)).toEqual({ ok: false, reason: "SignatureDoesNotMatch" });
		expect(verifyPresigned("PUT", url, secret, now + 61_000)).toEqual({ ok: false, reason: "AccessDenied: Request has expired" });
		expect(verifyPresigned("PUT", url.replace("AK%2F", "ZZ%2F"), secret, now)).toEqual({ ok: false, reason: "InvalidAccessKeyId" });
	});
});

function fakeHttp(answer: (req: HttpRequest) => HttpResponse): HttpPort & { seen: HttpRequest[] } {
	const seen: HttpRequest[] = [];
	return {
		seen,
		request: (req) => {
			seen.push(req);
			return Promise.resolve(answer(req));
		},
	};
}

const res = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: enc.encode(body) });
const cfg = (p: Partial<Settings["uploader"]>): Settings["uploader"] => ({
	...TEST_SETTINGS.uploader,
	kind: "http",
	url: "https://up.example/put/{name}",
	...p,
});

describe("HTTP uploader answers", () => {
	const bytes = enc.encode("\x89PNG\r\n\x1a\nxxxx");
	const deps = (http: HttpPort) => ({ http, now: () => 0, redact: createRedactor(["tok-secret-123456"]), secrets: { token: "tok-secret-123456" } });

	it("reads the URL from JSON, the Location header or a plain-text body; sends the token and the bytes", async () => {
		const name = uploadName(bytes, "image/png", "My Alley!.png");
		expect(name).toMatch(/^[0-9a-f]{16}-My-Alley\.png$/);
		let http = fakeHttp(() => res(200, JSON.stringify({ url: "https://cdn.example/a.png" })));
		expect(await createUploader(cfg({}), deps(http))!(bytes, "image/png", "My Alley!.png")).toBe("https://cdn.example/a.png");
		expect(http.seen[0]).toMatchObject({
			method: "PUT",
			url: `https://up.example/put/${name}`,
			headers: { "Content-Type": "image/png", Authorization: "Bearer tok-secret-123456" },
			body: bytes,
		});
		http = fakeHttp(() => res(201, "", { location: "https://cdn.example/b.png" }));
		expect(await createUploader(cfg({}), deps(http))!(bytes, "image/png", "b.png")).toBe("https://cdn.example/b.png");
		http = fakeHttp(() => res(200, "https://cdn.example/c.png\n"));
		expect(await createUploader(cfg({ method: "POST", url: "https://up.example/form" }), deps(http))!(bytes, "image/png", "c.png")).toBe(
			"https://cdn.example/c.png",
		);
		expect(http.seen[0]?.headers?.["Content-Type"]).toMatch(/^multipart\/form-data; boundary=/);
	});

	it("an answer without a URL, and an error status, are clear errors without the token", async () => {
		let http = fakeHttp(() => res(200, JSON.stringify({ ok: true })));
		await expect(createUploader(cfg({}), deps(http))!(bytes, "image/png", "a.png")).rejects.toThrow(
			'the uploader at up.example answered HTTP 200 without an image URL (expected JSON with "url", a Location header or a plain-text URL)',
		);
		http = fakeHttp(() => res(403, "bad token tok-secret-123456"));
		const err = await createUploader(cfg({}), deps(http))!(bytes, "image/png", "a.png").catch((e: Error) => e.message);
		expect(err).toMatch(/^the uploader at up\.example answered HTTP 403: bad token /);
		expect(err).not.toContain("tok-secret-123456");
	});

	it("says what an incomplete configuration lacks; kind none has no uploader", () => {
		expect(uploaderProblem(cfg({ url: "" }), {})).toBe("the HTTP uploader needs an http(s) upload URL");
		expect(uploaderProblem({ ...TEST_SETTINGS.uploader, kind: "s3" }, {})).toBe(
			"the S3 uploader needs an http(s) endpoint, a bucket, an access key id, a secret access key",
		);
		expect(createUploader(TEST_SETTINGS.uploader, deps(fakeHttp(() => res(200, ""))))).toBeUndefined();
	});

	it("settings: new sections get defaults and partial sections are filled in", () => {
		const m = migrateSettings({
			version: 2,
			provider: "sorahk",
			providers: {},
			uploader: { kind: "http", url: "https://u.example/{name}" },
			matrix: { columns: 3 },
		});
		expect(m.settings.uploader).toEqual({ ...TEST_SETTINGS.uploader, kind: "http", url: "https://u.example/{name}" });
		expect(m.settings.matrix.columns).toBe(3);
		expect(m.settings.keyframes).toEqual(TEST_SETTINGS.keyframes);
	});
});

describe("bible notes", () => {
	it("link forms, image paths rebased to the bible note, entries merged with the note's own (note wins)", () => {
		expect(bibleTarget("[[Characters]]")).toBe("Characters.md");
		expect(bibleTarget("[[Cast/Characters|the cast]]")).toBe("Cast/Characters.md");
		expect(bibleTarget("Characters.md")).toBe("Characters.md");
		expect(bibleTarget("  ")).toBeNull();
		const bible = readBibleNote(
			"Cast/Characters.md",
			'---\ncharacters:\n  Alice: {id: "@alice", aliases: [Al], image: img/alice.png}\n  Bob: {id: "@bob", image: "[[bob.png]]"}\n---\n',
		);
		expect(bible.entries).toEqual([
			{ name: "Alice", id: "@alice", aliases: ["Al"], images: ["/Cast/img/alice.png"] },
			{ name: "Bob", id: "@bob", aliases: [], images: ["[[bob.png]]"] },
		]);
		const note = parseMarkdown(
			"Ep.md",
			'---\ncineflow:\n  bible: "[[Characters]]"\n  characters:\n    Bob: "@robert"\n---\n```shot\nid: s01\nprompt: "[Al] and [Bob] talk"\n```\n',
		);
		applyBibleNote(note, "[[Characters]]", {
			path: "Cast/Characters.md",
			text: '---\ncharacters:\n  Alice: {id: "@alice", aliases: [Al], description: tall, image: a.png}\n  Bob: "@bob"\n---\n',
		});
		const plan = planJobs([note], TEST_SETTINGS, new Map());
		expect(plan.jobs[0]?.prompt).toBe("Al @alice and Bob @robert talk");
		expect(plan.shots[0]?.cast).toEqual([{ name: "Alice", description: "tall", images: ["/Cast/a.png"] }, { name: "Bob" }]);
	});

	it("a bible note without characters is a warning", () => {
		const note = parseMarkdown("Ep.md", "```shot\nid: s01\nprompt: x\n```\n");
		applyBibleNote(note, "[[C]]", { path: "C.md", text: "# nothing here\n" });
		expect(note.issues.map((i) => i.message)).toEqual([
			"Ep.md:1: the character bible C.md has no characters (put them in its front matter under characters:)",
		]);
		expect(note.shots[0]?.ok).toBe(true);
	});
});
