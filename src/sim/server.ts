/**
 * The simulator over real HTTP on 127.0.0.1. Socket-level faults are real here: a
 * dropped connection destroys the socket, a truncated download sends fewer bytes
 * than its Content-Length and then destroys the socket, a slow download trickles.
 * close() destroys keep-alive sockets and pending timers so no handle is left.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { HttpMethod, HttpRequest } from "../ports/http";
import type { SimResponse } from "./types";

export interface Listening {
	origin: string;
	close(): Promise<void>;
}

const METHODS = new Set(["GET", "POST", "PUT", "DELETE", "HEAD"]);

export async function startServer(handle: (req: HttpRequest) => SimResponse, port = 0, host = "127.0.0.1"): Promise<Listening> {
	const sockets = new Set<Socket>();
	const timers = new Set<NodeJS.Timeout>();
	let closed = false;

	function later(ms: number, fn: () => void): void {
		const t = setTimeout(() => {
			timers.delete(t);
			if (!closed) fn();
		}, ms);
		timers.add(t);
	}

	function write(res: ServerResponse, sim: SimResponse): void {
		const socket = res.socket;
		if (sim.fault === "drop") {
			// Announce a body, send part of it, and kill the connection.
			res.writeHead(200, { "content-type": "application/json", "content-length": "64" });
			res.write('{"status":"in_progr', () => socket?.destroy());
			return;
		}
		// A stalled download: no answer at all (the socket stays open until the client gives up).
		if (sim.stall === "headers") return;
		const headers = { ...sim.headers };
		if (headers["content-length"] === undefined) headers["content-length"] = String(sim.body.length);
		res.writeHead(sim.status, headers);
		const body = sim.fault === "truncate" ? sim.body.subarray(0, Math.floor(sim.body.length / 2)) : sim.body;
		const finish = () => {
			if (sim.fault === "truncate") res.write(new Uint8Array(0), () => socket?.destroy());
			else res.end();
		};
		if (sim.stall === "trickle") {
			// 1 byte per second: never idle long, never done in time.
			let at = 0;
			const drip = () => {
				if (res.destroyed) return;
				res.write(body.subarray(at, at + 1));
				at++;
				if (at >= body.length) finish();
				else later(1000, drip);
			};
			drip();
			return;
		}
		const bps = sim.slowBytesPerSec;
		if (!bps || body.length === 0) {
			if (body.length) res.write(body);
			finish();
			return;
		}
		const chunk = Math.max(1, Math.floor(bps / 10));
		let off = 0;
		const step = () => {
			if (res.destroyed) return;
			res.write(body.subarray(off, off + chunk));
			off += chunk;
			if (off >= body.length) finish();
			else later(100, step);
		};
		step();
	}

	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on("data", (c: Buffer) => chunks.push(c));
		req.on("error", () => res.destroy());
		req.on("end", () => {
			const method = (req.method ?? "GET").toUpperCase();
			const headers: Record<string, string> = {};
			for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
			const hostHeader = req.headers.host ?? `${host}:${port}`;
			const body = Buffer.concat(chunks);
			const hreq: HttpRequest = {
				method: (METHODS.has(method) ? method : "GET") as HttpMethod,
				url: `http://${hostHeader}${req.url ?? "/"}`,
				headers,
				body: body.length ? new Uint8Array(body.buffer, body.byteOffset, body.length) : undefined,
			};
			let sim: SimResponse;
			try {
				sim = handle(hreq);
			} catch (err) {
				const msg = err instanceof Error ? err.message : String(err);
				sim = { status: 500, headers: { "content-type": "text/plain" }, body: new TextEncoder().encode(`simulator error: ${msg}`) };
			}
			write(res, sim);
		});
	});
	server.on("connection", (s: Socket) => {
		sockets.add(s);
		s.on("close", () => sockets.delete(s));
	});
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(port, host, () => {
			server.off("error", reject);
			resolve();
		});
	});
	const addr = server.address();
	const actual = typeof addr === "object" && addr ? addr.port : port;
	port = actual;
	return {
		origin: `http://${host}:${actual}`,
		close(): Promise<void> {
			closed = true;
			for (const t of timers) clearTimeout(t);
			timers.clear();
			return new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
				for (const s of sockets) s.destroy();
			});
		},
	};
}
