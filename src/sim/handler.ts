/**
 * One request through the simulator: route by path prefix, record it, apply the
 * scenario's faults in a fixed order (dropped connection, outage window, random
 * 5xx, auth, random 429, request bucket), then the provider route (validation,
 * quota, capacity, create / poll / list / download). The in-process transport and
 * the real HTTP server both call `handle`.
 */
import { redactPatterns } from "../core/redact";
import type { HttpRequest } from "../ports/http";
import { chatCompletion } from "./chat";
import { Files } from "./files";
import type { SimModel } from "./model";
import { handleGemini } from "./gemini";
import { PROVIDER_SIMS } from "./routes";
import { handleUpload } from "./upload";
import { htmlGateway, jsonRes, type Ctx, type ProviderSim, type SimLogEntry, type SimRequest, type SimResponse, type SimRoute } from "./types";

const dec = new TextDecoder();

/** An HTTP-date (RFC 9110 IMF-fixdate) `secs` after `now`, rounded up to the second. */
function httpDate(now: number, secs: number): string {
	return new Date(Math.ceil(now / 1000) * 1000 + secs * 1000).toUTCString();
}

export class SimHandler {
	readonly files: Files;

	constructor(
		readonly model: SimModel,
		private readonly apiKey: string | undefined,
		private readonly secondKey?: string,
		private readonly clockSkewMs?: number,
	) {
		this.files = new Files(model);
	}

	handle(raw: HttpRequest): SimResponse {
		const u = new URL(raw.url);
		const h: Record<string, string> = {};
		for (const [k, v] of Object.entries(raw.headers ?? {})) h[k.toLowerCase()] = v;
		const bodyText = raw.body === undefined ? "" : typeof raw.body === "string" ? raw.body : dec.decode(raw.body);
		const req: SimRequest = { ...raw, u, h, bodyText };
		const now = this.model.now();
		this.model.settle(now);
		const entry: SimLogEntry = {
			at: now,
			provider: "other",
			route: "other",
			method: raw.method,
			path: redactPatterns(u.pathname + u.search),
			status: 0,
		};
		const res = this.dispatch(req, entry, now);
		entry.status = res.fault === "drop" ? 0 : res.status;
		if (res.logFault) entry.fault = res.logFault;
		const ra = res.headers["retry-after"];
		if (ra !== undefined && /^\d+$/.test(ra)) entry.retryAfterMs = Number(ra) * 1000;
		else if (ra !== undefined && Number.isFinite(Date.parse(ra))) entry.retryAfterMs = Math.max(0, Date.parse(ra) - now);
		this.model.log.push(entry);
		if (this.model.scenario.requestIds && res.headers["x-request-id"] === undefined) res.headers["x-request-id"] = `req_${this.model.hex(24)}`;
		return res;
	}

	private ctx(req: SimRequest, now: number, credential: string | undefined): Ctx {
		const origin = req.u.origin;
		const model = this.model;
		const files = this.files;
		const requestId = model.uuid();
		return {
			origin,
			now,
			scenario: model.scenario,
			credential,
			requestId,
			msg(text: string): string {
				if (!model.scenario.leakyErrors) return text;
				const leakTask = [...model.tasks.values()].pop();
				const url = leakTask ? files.signedUrl(origin, leakTask) : `${origin}/files/0.mp4?se=2030-01-01T00%3A00%3A00Z&sp=r&sig=${"ab".repeat(20)}`;
				// The link's signature also echoed outside the URL, as some storage errors quote it.
				const q = new URL(url).searchParams;
				const bare =
					q.get("sig") !== null
						? `sig=${q.get("sig") ?? ""}&se=${q.get("se") ?? ""}`
						: `Signature=${q.get("Signature") ?? ""}&Expires=${q.get("Expires") ?? ""}`;
				return `${text} [debug: Authorization: Bearer ${credential ?? ""}; key=${credential ?? ""}; url ${url}; signed ${bare}]`;
			},
			signedUrl: (task, style) => files.signedUrl(origin, task, style),
			download: (task, hops) => files.serve(origin, task, 0, hops),
			clip: (task) => files.clip(task),
			view: (task) => model.view(task, now),
			tasksOf: (p) => model.tasksOf(p),
			rand: () => model.rand(),
			hex: (n) => model.hex(n),
			uuid: () => model.uuid(),
		};
	}

	private credentialOf(req: SimRequest, sim: ProviderSim | "bearer"): string | undefined {
		if (sim !== "bearer" && sim.credential) return sim.credential(req);
		const auth = sim === "bearer" || sim.auth === "bearer";
		if (auth) {
			const m = /^Bearer\s+(.+)$/i.exec(req.h.authorization ?? "");
			return m?.[1]?.trim();
		}
		return req.h["x-goog-api-key"] ?? req.u.searchParams.get("key") ?? undefined;
	}

	private authorized(cred: string | undefined): boolean {
		if (!cred) return false;
		return this.apiKey === undefined || cred === this.apiKey;
	}

	private dispatch(req: SimRequest, entry: SimLogEntry, now: number): SimResponse {
		const path = req.u.pathname;
		const seg = path.split("/")[1] ?? "";

		// Signed downloads and chat are not behind a provider prefix.
		if (seg === "files") {
			entry.route = "download";
			const m = /^\/files\/([0-9a-f]+)\.mp4$/.exec(path);
			const task = m?.[1] ? this.files.taskByFile(m[1]) : undefined;
			if (task) {
				entry.provider = task.provider;
				entry.taskId = task.id;
			}
			const pre = this.faults(req, entry, now, undefined, "download");
			if (pre) return pre;
			return this.files.serveSigned(req.u.origin, req.u).res;
		}
		if (seg === "chat") {
			entry.provider = "chat";
			const isChat = req.method === "POST" && path === "/chat/v1/chat/completions";
			entry.route = isChat ? "chat" : "other";
			const pre = this.faults(req, entry, now, "bearer", isChat ? "chat" : "other");
			if (pre) return pre;
			if (!isChat)
				return jsonRes(404, { error: { message: `Invalid URL (${req.method} ${path})`, type: "invalid_request_error", param: null, code: null } });
			return chatCompletion(req, this.model, now);
		}

		// `/gemini/v1beta/models/*:generateContent` is the keyframe image model; the rest of /gemini is video (routes/gemini-video.ts).
		const geminiImage = seg === "gemini" && /:generateContent$/.test(path);
		if (seg === "upload" || seg === "s3" || geminiImage) {
			entry.provider = seg;
			const pre = this.faults(req, entry, now, undefined, "other");
			if (pre) return pre;
			return seg === "gemini" ? handleGemini(req, this.model, this.apiKey, entry) : handleUpload(req, this.model, entry);
		}

		const sims = PROVIDER_SIMS.filter((s) => s.id === seg);
		if (!sims.length) return jsonRes(404, { error: { message: `no simulated provider at /${seg}`, type: "not_found" } });
		entry.provider = seg;
		const rest = path.slice(seg.length + 1) || "/";
		let sim: ProviderSim = sims[0] as ProviderSim;
		let match = null;
		for (const s of sims) {
			const m = s.match(req.method, rest, req);
			if (m) {
				sim = s;
				match = m;
				break;
			}
		}
		const route: SimRoute = match ? match.route : "other";
		entry.route = route;
		if (match && "taskId" in match) entry.taskId = match.taskId;

		const pre = this.faults(req, entry, now, sim, route);
		if (pre) return pre;
		const x = this.ctx(req, now, this.credentialOf(req, sim));
		if (!match) return sim.unknownRoute ? sim.unknownRoute(x, rest) : sim.errors.notFound(x, rest);
		if (match.route === "other") return match.answer(x);

		if (match.route === "create") return this.create(sim, req, x, entry);
		if (match.route === "list") return sim.list ? sim.list(x.tasksOf(sim.id), x, req) : sim.errors.notFound(x, rest);
		const task = match.taskId.startsWith("file:") ? this.files.taskByFile(match.taskId.slice(5)) : this.model.tasks.get(match.taskId);
		if (!task || task.provider !== sim.id) return sim.errors.notFound(x, match.taskId);
		if (match.route === "poll") return sim.poll(task, x, req);
		return sim.content ? sim.content(task, x) : sim.errors.notFound(x, match.taskId);
	}

	/** Faults that come before the route: drop, outage, random 5xx, auth, random 429, bucket. */
	private faults(req: SimRequest, entry: SimLogEntry, now: number, sim: ProviderSim | "bearer" | undefined, route: SimRoute): SimResponse | undefined {
		const sc = this.model.scenario;
		const m = this.model;
		if (m.roll(sc.dropConnections)) return { status: 200, headers: {}, body: new Uint8Array(0), fault: "drop", logFault: "drop" };
		const provider = sim && sim !== "bearer" ? sim : undefined;
		const x = (): Ctx => this.ctx(req, now, sim ? this.credentialOf(req, sim) : undefined);
		const outage = m.outageAt(now);
		if (outage !== undefined) {
			const r = provider ? provider.errors.server(x(), outage) : htmlGateway(outage);
			r.logFault = "outage";
			return r;
		}
		if ((sc.random5xxOnly === null || (provider !== undefined && sc.random5xxOnly.includes(provider.id))) && m.roll(sc.random5xx)) {
			const r = provider ? provider.errors.server(x(), 500) : htmlGateway(502);
			r.logFault = "random5xx";
			return r;
		}
		if (provider?.verify) {
			const denied = provider.verify(req, x(), { apiKey: this.apiKey, secondKey: this.secondKey, clockSkewMs: this.clockSkewMs });
			if (denied) return { ...denied, logFault: "auth" };
		} else if (sim !== undefined && !this.authorized(this.credentialOf(req, sim))) {
			// Logged as an auth fault whatever the status: some providers answer HTTP 200 with an error code.
			if (provider) return { ...provider.errors.unauthorized(x()), logFault: "auth" };
			return {
				...jsonRes(401, {
					error: { message: x().msg("Incorrect API key provided."), type: "invalid_request_error", param: null, code: "invalid_api_key" },
				}),
				logFault: "auth",
			};
		}
		if (route === "download") return undefined;
		if (m.roll(sc.random429)) {
			const r = provider
				? provider.errors.rate(x(), undefined)
				: jsonRes(429, { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } });
			r.logFault = "random429";
			return r;
		}
		if (route === "create" || route === "poll" || route === "list" || route === "chat") {
			const tok = m.takeToken(now);
			if (!tok.ok) {
				const secs = Math.max(1, Math.ceil(tok.retryAfterMs / 1000));
				const ra = sc.rpm?.retryAfter !== false ? secs : undefined;
				const r = provider
					? provider.errors.rate(x(), ra)
					: jsonRes(429, { error: { message: "Rate limit reached for requests per minute", code: "rate_limit_exceeded" } });
				if (ra !== undefined) r.headers["retry-after"] = sc.rpm?.retryAfter === "date" ? httpDate(now, secs) : String(ra);
				r.logFault = "rpm";
				return r;
			}
		}
		return undefined;
	}

	private create(sim: ProviderSim, req: SimRequest, x: Ctx, entry: SimLogEntry): SimResponse {
		const parsed = sim.parseCreate(req, x);
		if (!parsed.ok) return parsed.res;
		const spec = parsed.spec;
		entry.prompt = spec.prompt;
		if (spec.images?.length) entry.images = spec.images;
		const m = this.model;
		if (m.quotaExhausted()) {
			const r = sim.errors.quota(x);
			r.logFault = "quota";
			return r;
		}
		const key = x.credential ?? "";
		if (m.atCapacity(key, x.now)) {
			const r = sim.errors.capacity(x);
			r.logFault = "capacity";
			const cra = m.scenario.capacityRetryAfter;
			m.capacityAnswers++;
			if (cra && m.capacityAnswers <= (cra.count ?? Infinity)) r.headers["retry-after"] = cra.date ? httpDate(x.now, cra.seconds) : String(cra.seconds);
			return r;
		}
		const task = m.admit(sim.id, sim.newId(spec, x), spec, key, x.now);
		entry.taskId = task.id;
		const bad = m.post502();
		if (bad !== undefined) {
			const r = htmlGateway(bad);
			r.logFault = "post502";
			return r;
		}
		return sim.created(task, x);
	}
}
