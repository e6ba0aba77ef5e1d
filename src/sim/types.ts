/** Shared shapes of the provider simulator. */
import type { HttpRequest, HttpResponse } from "../ports/http";
import type { Scenario } from "./scenario";

export type SimProviderId =
	| "sorahk"
	| "openai"
	| "newapi"
	| "t8star"
	| "aihubmix"
	| "veo"
	| "gemini"
	| "wan"
	| "grok"
	| "runway"
	| "luma"
	| "replicate"
	| "seedance"
	| "dashscope"
	| "kling"
	| "minimax"
	| "fal";

export const SIM_PROVIDERS: SimProviderId[] = [
	"sorahk",
	"openai",
	"newapi",
	"t8star",
	"aihubmix",
	"veo",
	"gemini",
	"wan",
	"grok",
	"runway",
	"luma",
	"replicate",
	"seedance",
	"dashscope",
	"kling",
	"minimax",
	"fal",
];

export type SimRoute = "create" | "poll" | "list" | "download" | "chat" | "other";

export interface SimLogEntry {
	/** Clock ms when the request arrived. */
	at: number;
	provider: string;
	route: SimRoute;
	method: string;
	/** Path and query, with signatures and keys redacted. */
	path: string;
	/** 0 when the connection was dropped without an answer. */
	status: number;
	taskId?: string;
	/** The prompt of a create. */
	prompt?: string;
	retryAfterMs?: number;
	/** The images a create carried, as received (sim/images.ts). */
	images?: SimImage[];
	/** Fault injected on this request, if any. */
	fault?: "drop" | "truncate" | "html" | "outage" | "random5xx" | "random429" | "rpm" | "capacity" | "quota" | "post502" | "expired" | "auth" | "stall";
}

export type SimStatus = "queued" | "running" | "succeeded" | "failed";

export interface SimTask {
	id: string;
	provider: string;
	model: string;
	prompt: string;
	createdAt: number;
	/** null while queued (queueInsteadOfReject). */
	startedAt: number | null;
	/** When it finishes or finished; null while queued. */
	doneAt: number | null;
	status: SimStatus;
	durationMs: number;
	/** Requested video seconds. */
	seconds: number;
	/** The images its create carried, as received (sim/images.ts). */
	images?: SimImage[];
}

/**
 * An image a create carried: its role on the wire and the SHA-256 of the bytes the
 * provider received (a data URI or raw Base64), or the URL it was given instead.
 */
export interface SimImage {
	role: "first" | "last" | "reference";
	/** Hex SHA-256 of the decoded bytes; absent when the image came as a URL. */
	sha256?: string;
	url?: string;
}

/** Internal task record. */
export interface TaskRec extends SimTask {
	size: string;
	pro: boolean;
	key: string;
	/** Fails with the provider's policy error at doneAt. */
	policy: boolean;
	fileId: string;
	/** Which route family created it (newapi: "videos" | "generations"). */
	flavor?: string;
	imageUrl?: string;
	/** Numeric id for NewAPI's TaskDto. */
	seq: number;
}

/** What a provider route parsed from a create body. */
export interface CreateSpec {
	model: string;
	prompt: string;
	seconds: number;
	size: string;
	pro: boolean;
	flavor?: string;
	imageUrl?: string;
	/** The images the body carried (sim/images.ts), kept on the task and in the log. */
	images?: SimImage[];
}

/** A response plus the faults only a socket can express. */
export interface SimResponse extends HttpResponse {
	fault?: "drop" | "truncate";
	/** Real HTTP only: throttle the body. */
	slowBytesPerSec?: number;
	/** Real HTTP: "headers" never answers, "trickle" sends 1 byte per second. In process: a timeout. */
	stall?: "headers" | "trickle";
	logFault?: SimLogEntry["fault"];
}

export interface SimRequest extends HttpRequest {
	/** Parsed URL. */
	u: URL;
	/** Lower-case header names. */
	h: Record<string, string>;
	bodyText: string;
}

/** Per-request context handed to the provider routes. */
export interface Ctx {
	origin: string;
	now: number;
	scenario: Scenario;
	/** The credential the request carried (for echoing in leaky errors). */
	credential: string | undefined;
	/** The request id of this response. */
	requestId: string;
	/** Appends the leak suffix when scenario.leakyErrors is on. */
	msg(text: string): string;
	/** A signed download URL for a task. */
	signedUrl(task: TaskRec, style?: "azure" | "oss"): string;
	/** The task's video bytes (its own clip). */
	clip(task: TaskRec): Uint8Array;
	/** Serves a finished task's file (redirect hops, faults). */
	download(task: TaskRec, defaultHops: number): SimResponse;
	view(task: TaskRec): TaskView;
	tasksOf(provider: string): TaskRec[];
	rand(): number;
	hex(n: number): string;
	uuid(): string;
}

export interface TaskView {
	status: SimStatus;
	/** 0–100; the policy failure of Sora.hk reports 97. */
	progress: number;
}

export type RouteMatch =
	| { route: "create" }
	| { route: "poll"; taskId: string }
	| { route: "list" }
	| { route: "download"; taskId: string }
	| { route: "other"; answer: (x: Ctx) => SimResponse };

export interface ProviderSim {
	id: SimProviderId;
	auth: "bearer" | "goog";
	/** `path` is relative to the provider's prefix, query excluded. */
	match(method: string, path: string, req: SimRequest): RouteMatch | null;
	parseCreate(req: SimRequest, x: Ctx): { ok: true; spec: CreateSpec } | { ok: false; res: SimResponse };
	/** Task ids in this provider's format. */
	newId(spec: CreateSpec, x: Ctx): string;
	created(task: TaskRec, x: Ctx): SimResponse;
	poll(task: TaskRec, x: Ctx, req: SimRequest): SimResponse;
	list?(tasks: TaskRec[], x: Ctx, req: SimRequest): SimResponse;
	/** Authenticated content route; absent when the result is a signed URL. */
	content?(task: TaskRec, x: Ctx): SimResponse;
	/** Answer for a path no route matches (default: errors.notFound). */
	unknownRoute?(x: Ctx, path: string): SimResponse;
	/** The key a request stands for (capacity is per key), when it is not the bearer token itself (Kling's JWT: its issuer). */
	credential?(req: SimRequest): string | undefined;
	/**
	 * Checks a signed credential instead of comparing it with the expected key:
	 * undefined when accepted, else the provider's auth error (Kling's JWT).
	 */
	verify?(req: SimRequest, x: Ctx, auth: { apiKey?: string; secondKey?: string; clockSkewMs?: number }): SimResponse | undefined;
	/** Default redirect hops before the file (Veo: 1). */
	downloadHops?: number;
	errors: {
		unauthorized(x: Ctx): SimResponse;
		capacity(x: Ctx): SimResponse;
		rate(x: Ctx, retryAfterSec: number | undefined): SimResponse;
		quota(x: Ctx): SimResponse;
		server(x: Ctx, status: number): SimResponse;
		notFound(x: Ctx, id: string): SimResponse;
	};
}

const enc = new TextEncoder();

export function jsonRes(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
	return {
		status,
		headers: { "content-type": "application/json; charset=utf-8", ...headers },
		body: enc.encode(JSON.stringify(body)),
	};
}

export function textRes(status: number, text: string, contentType: string, headers: Record<string, string> = {}): SimResponse {
	return { status, headers: { "content-type": contentType, ...headers }, body: enc.encode(text) };
}

export function htmlGateway(status: number): SimResponse {
	const title = status === 504 ? "504 Gateway Time-out" : status === 503 ? "503 Service Temporarily Unavailable" : `${status} Bad Gateway`;
	return textRes(
		status,
		`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
		"text/html",
	);
}

/** Reads a JSON body; undefined when it is not JSON. */
export function jsonOf(req: SimRequest): unknown {
	try {
		return JSON.parse(req.bodyText) as unknown;
	} catch {
		return undefined;
	}
}

export function rec(v: unknown): Record<string, unknown> {
	return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Unix seconds. */
export function secs(ms: number): number {
	return Math.floor(ms / 1000);
}
