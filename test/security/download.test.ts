/**
 * Download security: the size cap holds (Content-Length announced, absent, or
 * lying), an HTML error page served with 200 is never accepted as a video,
 * redirects are followed only to http(s) and at most 5 times, and the key header
 * never follows a redirect to another host. Checked on the core (downloadVideo over
 * a scripted HttpPort) and on the Node HTTP adapter against raw loopback servers
 * that lie about Content-Length.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeHttp } from "../../src/cli/http";
import { downloadVideo, type DownloadOptions } from "../../src/core/download";
import { createRedactor } from "../../src/core/redact";
import { HttpTransportError, type HttpPort, type HttpRequest, type HttpResponse } from "../../src/ports/http";
import { sampleMp4 } from "../../src/sim/index";

const KEY = "sk-CANARY-download-0123456789";
const MP4 = sampleMp4();
const enc = new TextEncoder();

function opts(extra: Partial<DownloadOptions> = {}): DownloadOptions {
	return { maxBytes: 64 * 1024, timeoutMs: 10_000, redact: createRedactor([KEY]), now: Date.UTC(2026, 0, 1), ...extra };
}

/** An HttpPort answering from a script keyed by URL; records every request. */
function scripted(routes: Record<string, (req: HttpRequest) => HttpResponse>): HttpPort & { seen: HttpRequest[] } {
	const seen: HttpRequest[] = [];
	return {
		seen,
		request(req: HttpRequest): Promise<HttpResponse> {
			seen.push(req);
			const route = routes[req.url];
			if (!route) return Promise.resolve({ status: 404, headers: {}, body: new Uint8Array() });
			const res = route(req);
			// Like the real adapters: a body over maxBytes is refused while reading.
			if (req.maxBytes !== undefined && res.body.length > req.maxBytes)
				return Promise.reject(new HttpTransportError("too-large", `body over ${req.maxBytes}`));
			return Promise.resolve(res);
		},
	};
}

const video = (extra: Record<string, string> = {}): HttpResponse => ({
	status: 200,
	headers: { "content-type": "video/mp4", "content-length": String(MP4.length), ...extra },
	body: MP4,
});
const redirect = (location: string, status = 302): HttpResponse => ({ status, headers: { location }, body: new Uint8Array() });

describe("downloads (core): size cap", () => {
	it("a Content-Length over the cap is refused before the body is used", async () => {
		const http = scripted({ "https://cdn.test/v.mp4": () => ({ ...video(), headers: { "content-length": String(10 * 1024 ** 3) } }) });
		const r = await downloadVideo(http, { url: "https://cdn.test/v.mp4", headers: {} }, opts());
		expect(r).toMatchObject({ ok: false, kind: "fatal" });
		expect(r.ok ? "" : r.message).toContain("larger than the download cap");
	});

	it("a lying (small) Content-Length does not let a large body through", async () => {
		const big = new Uint8Array(200 * 1024);
		big.set(MP4.subarray(0, 16));
		const http = scripted({ "https://cdn.test/v.mp4": () => ({ status: 200, headers: { "content-length": "100" }, body: big }) });
		const r = await downloadVideo(http, { url: "https://cdn.test/v.mp4", headers: {} }, opts());
		expect(r).toMatchObject({ ok: false, kind: "fatal" });
	});

	it("an absent Content-Length with a large body is refused", async () => {
		const big = new Uint8Array(200 * 1024);
		big.set(MP4.subarray(0, 16));
		const http = scripted({ "https://cdn.test/v.mp4": () => ({ status: 200, headers: {}, body: big }) });
		expect(await downloadVideo(http, { url: "https://cdn.test/v.mp4", headers: {} }, opts())).toMatchObject({ ok: false, kind: "fatal" });
	});

	it("even an adapter that ignores maxBytes cannot get past the cap", async () => {
		const big = new Uint8Array(200 * 1024);
		big.set(MP4.subarray(0, 16));
		const careless: HttpPort = { request: () => Promise.resolve({ status: 200, headers: {}, body: big }) };
		expect(await downloadVideo(careless, { url: "https://cdn.test/v.mp4", headers: {} }, opts())).toMatchObject({ ok: false, kind: "fatal" });
	});

	it("a Content-Length larger than the body (truncated) is retried, not saved", async () => {
		const http = scripted({ "https://cdn.test/v.mp4": () => ({ status: 200, headers: { "content-length": String(MP4.length + 10) }, body: MP4 }) });
		expect(await downloadVideo(http, { url: "https://cdn.test/v.mp4", headers: {} }, opts())).toMatchObject({ ok: false, kind: "retry" });
	});
});

describe("downloads (core): not a video", () => {
	const pages: Array<[string, string, string]> = [
		["HTML error page", "<!DOCTYPE html><html><body><h1>Error</h1></body></html>", "text/html"],
		["HTML without doctype", "  \n<html><head><title>403</title></head></html>", "video/mp4"],
		["XML storage error", '<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>', "application/xml"],
		["JSON error", '{"error": {"message": "expired"}}', "application/json"],
		["plain text", "Service temporarily unavailable, please retry later.", "text/plain"],
	];
	it.each(pages)("%s served with 200 is not accepted as a video", async (_n, body, ctype) => {
		const http = scripted({
			"https://cdn.test/v.mp4": () => ({
				status: 200,
				headers: { "content-type": ctype, "content-length": String(enc.encode(body).length) },
				body: enc.encode(body),
			}),
		});
		const r = await downloadVideo(http, { url: "https://cdn.test/v.mp4", headers: {} }, opts());
		expect(r.ok).toBe(false);
		expect(r.ok ? "" : r.message).toMatch(/not a video|not an MP4 or WebM video/);
	});

	it("an empty 200 body is not a video", async () => {
		const http = scripted({ "https://cdn.test/v.mp4": () => ({ status: 200, headers: { "content-length": "0" }, body: new Uint8Array() }) });
		expect((await downloadVideo(http, { url: "https://cdn.test/v.mp4", headers: {} }, opts())).ok).toBe(false);
	});
});

describe("downloads (core): redirects", () => {
	it("follows exactly 5 redirects and refuses the 6th", async () => {
		const chain = (n: number): Record<string, () => HttpResponse> => {
			const routes: Record<string, () => HttpResponse> = {};
			for (let i = 0; i < n; i++) routes[`https://cdn.test/${i}`] = () => redirect(`https://cdn.test/${i + 1}`);
			routes[`https://cdn.test/${n}`] = () => video();
			return routes;
		};
		const five = scripted(chain(5));
		expect((await downloadVideo(five, { url: "https://cdn.test/0", headers: {} }, opts())).ok).toBe(true);
		expect(five.seen).toHaveLength(6);
		const six = scripted(chain(6));
		const r = await downloadVideo(six, { url: "https://cdn.test/0", headers: {} }, opts());
		expect(r).toMatchObject({ ok: false, kind: "fatal", message: "more than 5 redirects while downloading" });
		expect(six.seen).toHaveLength(6);
	});

	it("a redirect loop ends after 5 hops", async () => {
		const http = scripted({ "https://cdn.test/a": () => redirect("/b", 301), "https://cdn.test/b": () => redirect("/a", 307) });
		expect(await downloadVideo(http, { url: "https://cdn.test/a", headers: {} }, opts())).toMatchObject({ ok: false, kind: "fatal" });
		expect(http.seen.length).toBeLessThanOrEqual(6);
	});

	const hostile = [
		"file:///etc/passwd",
		"ftp://cdn.test/v.mp4",
		"javascript:alert(1)",
		"data:video/mp4;base64,AAAA",
		"gopher://x/",
		"smb://server/share/v.mp4",
		"chrome://settings",
		"blob:https://cdn.test/1",
		"app://obsidian.md/x",
	];
	it.each(hostile)("a redirect to %s is refused without a request", async (loc) => {
		const http = scripted({ "https://cdn.test/v.mp4": () => redirect(loc) });
		const r = await downloadVideo(http, { url: "https://cdn.test/v.mp4", headers: {} }, opts());
		expect(r).toMatchObject({ ok: false, kind: "fatal" });
		expect(http.seen.map((s) => s.url)).toEqual(["https://cdn.test/v.mp4"]);
	});

	it("a non-http(s) download URL is refused without a request", async () => {
		const http = scripted({});
		expect(await downloadVideo(http, { url: "file:///etc/passwd", headers: {} }, opts())).toMatchObject({ ok: false, kind: "fatal" });
		expect(http.seen).toHaveLength(0);
	});

	const KEY_HEADERS: Array<[string, Record<string, string>]> = [
		["Bearer (OpenAI /content)", { Authorization: `Bearer ${KEY}` }],
		["x-goog-api-key (Veo)", { "x-goog-api-key": KEY }],
		["X-Api-Key", { "X-Api-Key": KEY }],
		["api-key", { "api-key": KEY }],
	];
	it.each(KEY_HEADERS)("the key header (%s) is kept on the same host and dropped on another host, for good", async (_n, headers) => {
		const http = scripted({
			"https://api.test/v1/videos/1/content": () => redirect("https://api.test/v1/files/1"),
			"https://api.test/v1/files/1": () => redirect("https://cdn.other.test/v.mp4?sig=abc"),
			"https://cdn.other.test/v.mp4?sig=abc": () => redirect("https://api.test/v1/final.mp4"),
			"https://api.test/v1/final.mp4": () => video(),
		});
		const r = await downloadVideo(http, { url: "https://api.test/v1/videos/1/content", headers: { ...headers, Accept: "video/mp4" } }, opts());
		expect(r.ok).toBe(true);
		const sent = http.seen.map((s) => ({ url: s.url, key: Object.values(s.headers ?? {}).some((v) => v.includes(KEY)) }));
		expect(sent).toEqual([
			{ url: "https://api.test/v1/videos/1/content", key: true },
			{ url: "https://api.test/v1/files/1", key: true },
			{ url: "https://cdn.other.test/v.mp4?sig=abc", key: false },
			// Once the key was dropped it is not added back, even on the way back.
			{ url: "https://api.test/v1/final.mp4", key: false },
		]);
		expect(http.seen[2]?.headers?.Accept).toBe("video/mp4");
	});

	it("another port on the same host name is another host", async () => {
		const http = scripted({ "https://api.test/v.mp4": () => redirect("https://api.test:8443/v.mp4"), "https://api.test:8443/v.mp4": () => video() });
		await downloadVideo(http, { url: "https://api.test/v.mp4", headers: { Authorization: `Bearer ${KEY}` } }, opts());
		expect(http.seen[1]?.headers?.Authorization).toBeUndefined();
	});

	it("error messages about refused redirects never show the key or a signature", async () => {
		const http = scripted({ "https://cdn.test/v.mp4": () => redirect(`ftp://cdn.test/v.mp4?key=${KEY}&sig=SIGVALUE123`) });
		const r = await downloadVideo(http, { url: "https://cdn.test/v.mp4", headers: {} }, opts());
		expect(r.ok ? "" : r.message).not.toContain(KEY);
		expect(r.ok ? "" : r.message).not.toContain("SIGVALUE123");
	});
});

describe("downloads (Node HTTP adapter): servers that lie", () => {
	let server: Server;
	let origin = "";
	const received: IncomingHttpHeaders[] = [];

	beforeAll(async () => {
		server = createServer((req, res) => {
			received.push(req.headers);
			const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
			Buffer.from(MP4.subarray(0, 16)).copy(big);
			if (req.url === "/lying-length") {
				// Announces 100 bytes, then keeps sending (HTTP/1.0-style, no keep-alive).
				res.socket?.write("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 100\r\nConnection: close\r\n\r\n");
				res.socket?.end(big);
				return;
			}
			if (req.url === "/no-length") {
				res.writeHead(200, { "content-type": "video/mp4" });
				res.end(big);
				return;
			}
			if (req.url === "/html") {
				const page = "<!doctype html><html><body>Bucket error</body></html>";
				res.writeHead(200, { "content-type": "text/html", "content-length": String(page.length) });
				res.end(page);
				return;
			}
			if (req.url === "/ok") {
				res.writeHead(200, { "content-type": "video/mp4", "content-length": String(MP4.length) });
				res.end(Buffer.from(MP4));
				return;
			}
			res.writeHead(404).end();
		});
		await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
		origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		server.closeAllConnections();
		await new Promise<void>((r) => server.close(() => r()));
	});

	it("a body longer than its Content-Length is cut at the announced length, never read past the cap", async () => {
		const http = createNodeHttp();
		try {
			const r = await downloadVideo(http, { url: `${origin}/lying-length`, headers: {} }, opts({ maxBytes: 1024 * 1024 }));
			// The server announced 100 bytes and then sent 3 MB: at most the announced
			// 100 bytes are ever kept (HTTP framing), never the 3 MB.
			expect(r.ok ? r.bytes.length : 0).toBeLessThanOrEqual(100);
		} finally {
			await http.close();
		}
	});

	it("a chunked body without Content-Length stops at the cap", async () => {
		const http = createNodeHttp();
		try {
			const r = await downloadVideo(http, { url: `${origin}/no-length`, headers: {} }, opts({ maxBytes: 1024 * 1024 }));
			expect(r).toMatchObject({ ok: false, kind: "fatal" });
			expect(r.ok ? "" : r.message).toContain("larger than the download cap");
		} finally {
			await http.close();
		}
	});

	it("an HTML page with 200 is not a video; a real MP4 is", async () => {
		const http = createNodeHttp();
		try {
			expect((await downloadVideo(http, { url: `${origin}/html`, headers: {} }, opts())).ok).toBe(false);
			expect((await downloadVideo(http, { url: `${origin}/ok`, headers: {} }, opts())).ok).toBe(true);
		} finally {
			await http.close();
		}
	});
});
