/** The CLI's HttpPort (undici): proxies from the environment, timeouts, size limits, errors. */
import { createServer as createHttpServer, request as httpRequest, type Server } from "node:http";
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createNodeHttp } from "../../src/cli/http";
import { HttpTransportError } from "../../src/ports/http";
import { createSimulator, simBaseUrl } from "../../src/sim/index";
import { VirtualClock } from "../../src/clocks/virtual";

/** A loopback proxy that speaks CONNECT and absolute-URI forwarding, and records what it carried. */
async function startProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
	const seen: string[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createHttpServer((req, res) => {
		seen.push(`FORWARD ${req.url ?? ""}`);
		const target = new URL(req.url ?? "");
		if (target.hostname !== "127.0.0.1") {
			res.writeHead(403).end();
			return;
		}
		const up = httpRequest(target, { method: req.method, headers: req.headers }, (r) => {
			res.writeHead(r.statusCode ?? 502, r.headers);
			r.pipe(res);
		});
		up.on("error", () => res.writeHead(502).end());
		req.pipe(up);
	});
	server.on("connect", (req, client: Socket, head: Buffer) => {
		seen.push(`CONNECT ${req.url ?? ""}`);
		const [host, port] = (req.url ?? "").split(":");
		if (host !== "127.0.0.1") {
			client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
			return;
		}
		const up = connect(Number(port), host, () => {
			client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
			if (head.length) up.write(head);
			up.pipe(client);
			client.pipe(up);
		});
		sockets.add(up);
		sockets.add(client);
		up.on("error", () => client.destroy());
		client.on("error", () => up.destroy());
	});
	server.on("connection", (s: Socket) => sockets.add(s));
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		seen,
		close: () =>
			new Promise<void>((r) => {
				server.close(() => r());
				for (const s of sockets) s.destroy();
			}),
	};
}

const ENV_KEYS = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"];
const saved: Record<string, string | undefined> = {};

let sim: ReturnType<typeof createSimulator>;
let origin: string;
let closeSim: () => Promise<void>;

beforeAll(async () => {
	for (const k of ENV_KEYS) saved[k] = process.env[k];
	sim = createSimulator({ clock: new VirtualClock(), apiKey: "sk-node-http-00000000", scenario: { jobDurationMs: 0 } });
	const l = await sim.listen(0);
	origin = l.origin;
	closeSim = l.close;
});

afterEach(() => {
	for (const k of ENV_KEYS) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
});

afterAll(async () => {
	await closeSim();
});

const auth = { Authorization: "Bearer sk-node-http-00000000" };

describe("proxies from the environment", () => {
	it("goes through HTTP_PROXY, and bypasses it for NO_PROXY hosts", async () => {
		const proxy = await startProxy();
		try {
			for (const k of ENV_KEYS) delete process.env[k];
			process.env.HTTP_PROXY = proxy.url;
			const viaProxy = createNodeHttp();
			const res = await viaProxy.request({ method: "GET", url: `${simBaseUrl(origin, "openai")}/videos/none`, headers: auth });
			expect(res.status).toBe(404);
			await viaProxy.close();
			const port = new URL(origin).port;
			expect(proxy.seen.some((s) => s.includes(`127.0.0.1:${port}`))).toBe(true);
			const seenBefore = proxy.seen.length;

			process.env.NO_PROXY = "127.0.0.1";
			const direct = createNodeHttp();
			const res2 = await direct.request({ method: "GET", url: `${simBaseUrl(origin, "openai")}/videos/none`, headers: auth });
			expect(res2.status).toBe(404);
			await direct.close();
			expect(proxy.seen.length).toBe(seenBefore);
			expect(sim.log.filter((e) => e.path.endsWith("/videos/none")).length).toBeGreaterThanOrEqual(2);
		} finally {
			await proxy.close();
		}
	});
});

describe("createNodeHttp", () => {
	const http = createNodeHttp({ direct: true });
	afterAll(() => http.close());

	it("returns lower-case headers and the body; does not follow redirects", async () => {
		const res = await http.request({ method: "GET", url: `${simBaseUrl(origin, "openai")}/videos/none`, headers: auth });
		expect(res.headers["content-type"]).toMatch(/application\/json/);
		expect(Object.keys(res.headers).every((k) => k === k.toLowerCase())).toBe(true);
		sim.setScenario({ redirectTo: "https://elsewhere.test/x" });
		try {
			const ctx = await http.request({
				method: "POST",
				url: `${simBaseUrl(origin, "grok")}/videos/generations`,
				headers: { ...auth, "Content-Type": "application/json", "Content-Length": "999" },
				body: JSON.stringify({ prompt: "p" }),
			});
			expect(ctx.status).toBe(200);
			const id = JSON.parse(new TextDecoder().decode(ctx.body)).request_id as string;
			const poll = await http.request({ method: "GET", url: `${simBaseUrl(origin, "grok")}/videos/${id}`, headers: auth });
			const url = JSON.parse(new TextDecoder().decode(poll.body)).video.url as string;
			const dl = await http.request({ method: "GET", url });
			expect(dl.status).toBe(302);
			expect(dl.headers.location).toBe("https://elsewhere.test/x");
		} finally {
			sim.setScenario({ redirectTo: null });
		}
	});

	it("too-large: by Content-Length up front, and while streaming", async () => {
		const url = `${simBaseUrl(origin, "openai")}/videos/none`;
		await expect(http.request({ method: "GET", url, headers: auth, maxBytes: 10 })).rejects.toMatchObject({ kind: "too-large" });
		// A chunked body without Content-Length.
		const srv = createHttpServer((_req, res) => {
			res.writeHead(200, { "content-type": "application/octet-stream" });
			res.write(Buffer.alloc(5000));
			res.end(Buffer.alloc(5000));
		});
		await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
		const port = (srv.address() as AddressInfo).port;
		await expect(http.request({ method: "GET", url: `http://127.0.0.1:${port}/`, maxBytes: 6000 })).rejects.toMatchObject({ kind: "too-large" });
		const ok = await http.request({ method: "GET", url: `http://127.0.0.1:${port}/`, maxBytes: 20_000 });
		expect(ok.body.length).toBe(10_000);
		await new Promise<void>((r) => srv.close(() => r()));
	});

	it("timeout, abort and connection errors", async () => {
		const hang = createNetServer((s) => s.on("data", () => undefined));
		const sockets: Socket[] = [];
		hang.on("connection", (s) => sockets.push(s));
		await new Promise<void>((r) => hang.listen(0, "127.0.0.1", () => r()));
		const port = (hang.address() as AddressInfo).port;
		const t = await http.request({ method: "GET", url: `http://127.0.0.1:${port}/`, timeoutMs: 100 }).catch((e: unknown) => e);
		expect(t).toBeInstanceOf(HttpTransportError);
		expect(t).toMatchObject({ kind: "timeout" });
		const ac = new AbortController();
		const p = http.request({ method: "GET", url: `http://127.0.0.1:${port}/`, timeoutMs: 5000 }, ac.signal).catch((e: unknown) => e);
		setTimeout(() => ac.abort(), 30);
		expect(await p).toMatchObject({ kind: "aborted" });
		for (const s of sockets) s.destroy();
		await new Promise<void>((r) => hang.close(() => r()));
		const gone = createNetServer();
		await new Promise<void>((r) => gone.listen(0, "127.0.0.1", () => r()));
		const free = (gone.address() as AddressInfo).port;
		await new Promise<void>((r) => gone.close(() => r()));
		const refused = await http.request({ method: "GET", url: `http://127.0.0.1:${free}/` }).catch((e: unknown) => e);
		expect(refused).toMatchObject({ kind: "network" });
		expect((refused as Error).message).toMatch(/ECONNREFUSED/);
	});

	it("idleTimeoutMs: headers withheld, or a body that stops, is a stall (timeout); a slow body that keeps moving is not", async () => {
		let mode: "withhold" | "stop" | "drip" = "withhold";
		const open = new Set<Socket>();
		const srv = createHttpServer((_req, res) => {
			if (mode === "withhold") return; // never answers
			res.writeHead(200, { "content-type": "video/mp4", "content-length": "8" });
			res.write("ab");
			if (mode === "stop") return; // headers and 2 bytes, then nothing
			let n = 2;
			const t = setInterval(() => {
				res.write("x");
				if (++n === 8) {
					clearInterval(t);
					res.end();
				}
			}, 20);
		});
		srv.on("connection", (s: Socket) => open.add(s));
		await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
		const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`;
		try {
			const withheld = await http.request({ method: "GET", url, timeoutMs: 60_000, idleTimeoutMs: 150 }).catch((e: unknown) => e);
			expect(withheld).toBeInstanceOf(HttpTransportError);
			expect(withheld).toMatchObject({ kind: "timeout" });
			expect((withheld as Error).message).toMatch(/stalled/);
			mode = "stop";
			const stopped = await http.request({ method: "GET", url, timeoutMs: 60_000, idleTimeoutMs: 150 }).catch((e: unknown) => e);
			expect(stopped).toMatchObject({ kind: "timeout" });
			expect((stopped as Error).message).toMatch(/stalled/);
			mode = "drip";
			const drip = await http.request({ method: "GET", url, timeoutMs: 60_000, idleTimeoutMs: 150 });
			expect(new TextDecoder().decode(drip.body)).toBe("abxxxxxx");
		} finally {
			for (const s of open) s.destroy();
			await new Promise<void>((r) => srv.close(() => r()));
		}
	});
});
