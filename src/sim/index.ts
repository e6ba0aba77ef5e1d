/**
 * The provider simulator: one server model that speaks every adapter's wire format,
 * routed by path prefix, driven by an injected clock (real, scaled or virtual).
 * Used by the provider tests, the scheduler benchmark and the offline demo.
 */
import type { Clock } from "../ports/clock";
import type { HttpPort, HttpRequest, HttpResponse } from "../ports/http";
import { SimHandler } from "./handler";
import { clientView, inprocTransport } from "./inproc";
import { SimModel } from "./model";
import { checkScenarioPatch, loadScenario, type Scenario } from "./scenario";
import { startServer } from "./server";
import { uploadsOf, type StoredUpload } from "./upload";
import type { SimLogEntry, SimTask } from "./types";
import type { ClipTitle } from "./files";

export { loadScenario, DEFAULT_SCENARIO, type Scenario } from "./scenario";
export type { SimLogEntry, SimTask, SimRoute, SimStatus, SimProviderId } from "./types";
export { SIM_PROVIDERS } from "./types";
export { sampleMp4 } from "./assets/sample-mp4";
export { encodeClip, clipGeometry, type ClipSpec } from "./video/clip";
export type { ClipTitle } from "./files";
export { driveJob, type DriveOptions, type DriveResult } from "./drive";
export { SIM_S3_CREDENTIALS, type StoredUpload } from "./upload";

export interface SimulatorOptions {
	scenario?: Partial<Scenario>;
	clock: Clock;
	seed?: number;
	/** Expected key; requests with another key (or none) get the provider's 401. Any key when unset. */
	apiKey?: string;
	/** Secret that signs Kling's JWTs (their issuer is `apiKey`); defaults to `apiKey`. */
	secondKey?: string;
	/**
	 * How far a signed token's time claims (Kling's JWT nbf/exp) may be from the
	 * simulator's clock. Default 0, as strict as Kling. A client in another process on
	 * its own ScaledClock runs on another time line: give it room.
	 */
	clockSkewMs?: number;
	/**
	 * The title drawn on a task's clip, e.g. the shot id (the wire carries only the
	 * prompt, so a caller that knows its storyboard can say which shot a prompt is).
	 * Default: the provider and the task's sequence number.
	 */
	clipTitle?: ClipTitle;
}

export interface Simulator {
	/** In-process, same code path as the HTTP server. */
	handle(req: HttpRequest): Promise<HttpResponse>;
	/** In-process HttpPort; no real timers. */
	transport(): HttpPort;
	/** Real HTTP on 127.0.0.1 (port 0 = random). */
	listen(port?: number): Promise<{ origin: string; close(): Promise<void> }>;
	/** Every request, in arrival order. */
	readonly log: SimLogEntry[];
	/** Every created task (status as of now). */
	tasks(): SimTask[];
	/** How many tasks were created per prompt. */
	createsByPrompt(): Map<string, number>;
	setScenario(patch: Partial<Scenario>): void;
	/** The scenario in force. */
	scenario(): Scenario;
	/** Clock ms when the simulator started (scenario times are relative to it). */
	readonly startedAt: number;
	/** Files stored by the upload endpoints (/upload, /s3), by path. */
	uploads(): Map<string, StoredUpload>;
	/** The video a task's download serves (its own clip); undefined for an unknown task id. */
	clipOf(taskId: string): Uint8Array | undefined;
}

const PATHS: Record<string, string> = {
	sorahk: "/sorahk/v1",
	openai: "/openai/v1",
	newapi: "/newapi/v1",
	t8star: "/t8star",
	aihubmix: "/aihubmix/v1",
	veo: "/veo/v1beta",
	wan: "/wan",
	grok: "/grok/v1",
	fal: "/fal",
	kling: "/kling",
	seedance: "/seedance/api/v3",
	dashscope: "/dashscope",
	replicate: "/replicate/v1",
	runway: "/runway/v1",
	luma: "/luma/v1",
	minimax: "/minimax/v1",
	chat: "/chat/v1",
	gemini: "/gemini/v1beta",
	upload: "/upload",
	s3: "/s3",
};

/** Base URL of a provider on a simulator at `origin` (e.g. "http://127.0.0.1:8787"). */
export function simBaseUrl(origin: string, providerId: string): string {
	const p = PATHS[providerId];
	if (p === undefined) throw new Error(`The simulator has no provider "${providerId}" (known: ${Object.keys(PATHS).join(", ")})`);
	return `${origin.replace(/\/+$/, "")}${p}`;
}

export function createSimulator(opts: SimulatorOptions): Simulator {
	const model = new SimModel(opts.clock, loadScenario(opts.scenario ?? {}), opts.seed ?? 1);
	const handler = new SimHandler(model, opts.apiKey, opts.secondKey, opts.clockSkewMs);
	handler.files.titleOf = opts.clipTitle;
	const handleRaw = (req: HttpRequest) => handler.handle(req);
	return {
		handle(req: HttpRequest): Promise<HttpResponse> {
			try {
				return Promise.resolve(clientView(handleRaw(req)));
			} catch (err) {
				return Promise.reject(err instanceof Error ? err : new Error(String(err)));
			}
		},
		transport: () => inprocTransport(handleRaw),
		listen: (port = 0) => startServer(handleRaw, port),
		log: model.log,
		tasks(): SimTask[] {
			model.settle();
			return [...model.tasks.values()].map((t) => ({
				id: t.id,
				provider: t.provider,
				model: t.model,
				seconds: t.seconds,
				prompt: t.prompt,
				createdAt: t.createdAt,
				startedAt: t.startedAt,
				doneAt: t.doneAt,
				status: t.status,
				durationMs: t.durationMs,
				...(t.images ? { images: t.images.map((i) => ({ ...i })) } : {}),
			}));
		},
		createsByPrompt(): Map<string, number> {
			const out = new Map<string, number>();
			for (const t of model.tasks.values()) out.set(t.prompt, (out.get(t.prompt) ?? 0) + 1);
			return out;
		},
		setScenario(patch: Partial<Scenario>): void {
			model.scenario = { ...model.scenario, ...checkScenarioPatch(patch) };
		},
		scenario: () => model.scenario,
		startedAt: model.start,
		uploads: () => uploadsOf(model),
		clipOf(taskId: string): Uint8Array | undefined {
			const t = model.tasks.get(taskId);
			return t ? handler.files.clip(t) : undefined;
		},
	};
}
