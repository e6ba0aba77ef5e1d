/**
 * Scenario knobs of the provider simulator: the hidden truth a run is played
 * against (capacity, rate limits, outages, job durations, faults). Times are ms
 * relative to the simulator's start on its clock. Settable from JSON per run.
 */
import { z } from "zod";

const BaseDuration = z.union([
	z.number().nonnegative(),
	z.strictObject({ min: z.number().nonnegative(), max: z.number().nonnegative() }).refine((d) => d.max >= d.min, "max must be ≥ min"),
	/** Lognormal around `median` (ms) with shape `sigma`, clamped to [min, max] when given. */
	z.strictObject({
		lognormal: z.strictObject({
			median: z.number().positive(),
			sigma: z.number().nonnegative(),
			min: z.number().nonnegative().optional(),
			max: z.number().positive().optional(),
		}),
	}),
]);
/** Fixed, uniform, lognormal, or a weighted mix of those (e.g. a bimodal mix). */
const DurationSpec = z.union([BaseDuration, z.strictObject({ mix: z.array(z.strictObject({ weight: z.number().positive(), spec: BaseDuration })).min(1) })]);
export type DurationSpec = z.infer<typeof DurationSpec>;

const Probability = z.number().min(0).max(1);

/** Answer modes of the simulated chat-completions endpoint (see src/sim/chat.ts). */
export const CHAT_MODES = ["derive", "invalid-json", "wrong-types", "always-invalid", "error-500", "error-429", "injection", "refusal"] as const;
export type ChatMode = (typeof CHAT_MODES)[number];

export const ScenarioSchema = z.strictObject({
	/** Hidden concurrency capacity per API key: a number or a step function of time. */
	capacity: z.union([
		z.number().int().nonnegative(),
		z.array(z.strictObject({ at: z.number().nonnegative(), value: z.number().int().nonnegative() })).min(1),
	]),
	/** S9: accept creates above capacity and keep them queued until a slot frees. */
	queueInsteadOfReject: z.boolean(),
	/** Token bucket over creates, polls and lists. */
	rpm: z
		.strictObject({
			/** Requests per minute (the refill rate). */
			limit: z.number().positive(),
			/** Bucket size; default `limit`. */
			burst: z.number().int().positive().optional(),
			/** Send Retry-After with the 429 (seconds, rounded up; "date": as an HTTP-date); default true. */
			retryAfter: z.union([z.boolean(), z.literal("date")]).optional(),
		})
		.nullable(),
	/** Capacity 429s on a create carry Retry-After: `seconds` (or as an HTTP-date), on the first `count` of them (default all). */
	capacityRetryAfter: z
		.strictObject({ seconds: z.number().int().positive(), date: z.boolean().optional(), count: z.number().int().positive().optional() })
		.nullable(),
	outages: z.array(
		z.strictObject({
			from: z.number().nonnegative(),
			to: z.number().nonnegative(),
			status: z.number().int().min(500).max(599).optional(),
		}),
	),
	random429: Probability,
	random5xx: Probability,
	/** When set, `random5xx` hits only these providers' routes (the demo: the one that can look a task up). */
	random5xxOnly: z.array(z.string()).nullable(),
	/** Fixed, uniform, or per model (`{byModel:{"sora-2": …}, default?: …}`). */
	jobDurationMs: z.union([DurationSpec, z.strictObject({ byModel: z.record(z.string(), DurationSpec), default: DurationSpec.optional() })]),
	/** When set, each job also takes this many ms per requested video second. */
	durationPerVideoSecond: z.number().nonnegative().nullable(),
	progressCurve: z.enum(["linear", "pow1.5"]),
	/** Prompts containing this fail with the provider's content-policy error. */
	policyMarker: z.string().min(1),
	/** Creates after the n-th created task get the provider's insufficient-balance error. */
	quotaAfterCreates: z.number().int().nonnegative().nullable(),
	/** Probability per download, or `{count}`: the next `count` downloads (counted over the run). */
	truncateDownloads: z.union([Probability, z.strictObject({ count: z.number().int().nonnegative() })]),
	/** Real HTTP only. */
	slowDownloadBytesPerSec: z.number().positive().nullable(),
	dropConnections: Probability,
	/** A create that creates the task but answers 502 (or `status`). */
	post502AfterCreate: z.union([
		Probability,
		z.strictObject({ nth: z.array(z.number().int().positive()), status: z.union([z.literal(502), z.literal(504)]).optional() }),
	]),
	urlTtlMs: z.number().positive(),
	/**
	 * What a download serves: each task's own clip (shot id, prompt, duration and orientation
	 * on screen), or the one fixed sample (benchmarks that time the scheduler, not the encoder).
	 */
	clips: z.enum(["distinct", "sample"]),
	/** Prompts containing this get a download link that has already expired (soak: the expired-URL fault). */
	expiredMarker: z.string().min(1).nullable(),
	/**
	 * The next `count` signed links handed out are already expired on the server's
	 * clock (refused with 403); later ones are fresh. A client must ask again, not give up.
	 */
	/** `perTask`: at most that many stale links for one task (a link that waited too long once; the fresh one is good). */
	staleLinks: z.strictObject({ count: z.number().int().nonnegative(), perTask: z.optional(z.number().int().positive()) }).nullable(),
	/**
	 * The next `count` downloads stall (real HTTP; in process they time out at once):
	 * "headers" never answers, "trickle" sends the headers and then 1 byte per second.
	 */
	stallDownloads: z.strictObject({ count: z.number().int().nonnegative(), mode: z.enum(["headers", "trickle"]) }).nullable(),
	htmlErrorOnDownload: Probability,
	/** 302 hops before the file; default 1 for Veo, 0 elsewhere. */
	redirectDownloads: z.number().int().nonnegative().max(20).nullable(),
	/** Redirect every download here instead (hostile-redirect tests, e.g. file:///etc/passwd). */
	redirectTo: z.string().nullable(),
	/** OpenAI-shaped routes emit `openai-poll-after-ms`. */
	pollAfterMs: z.number().int().positive().nullable(),
	/** Emit x-request-id on every response. */
	requestIds: z.boolean(),
	/** Answers for `POST /chat/v1/chat/completions`, in order (when non-empty, they win over chatMode). */
	chatScript: z.array(z.string()),
	/** How the chat endpoint answers (src/sim/chat.ts); a request's model `sim-<mode>` overrides it. */
	chatMode: z.enum(CHAT_MODES),
	/** Echo the received credential and a signed URL in every error message (redaction tests). */
	leakyErrors: z.boolean(),
	/** OpenAI: also accept seconds "16" and "20". */
	longSora: z.boolean(),
	/** Upload endpoints (/upload, /s3): answer every upload with this status (e.g. 500). */
	uploadStatus: z.number().int().min(400).max(599).nullable(),
	/** Upload endpoints: refuse bodies larger than this with 413. */
	uploadMaxBytes: z.number().int().positive().nullable(),
	/** Generic uploader (/upload): require `Authorization: Bearer <token>`. */
	uploadToken: z.string().min(1).nullable(),
	/** Gemini image endpoint: answer every call with this HTTP status. */
	geminiStatus: z.number().int().min(400).max(599).nullable(),
});

export type Scenario = z.infer<typeof ScenarioSchema>;

export const DEFAULT_SCENARIO: Scenario = {
	capacity: 1_000_000,
	queueInsteadOfReject: false,
	rpm: null,
	capacityRetryAfter: null,
	outages: [],
	random429: 0,
	random5xx: 0,
	random5xxOnly: null,
	jobDurationMs: 60_000,
	durationPerVideoSecond: null,
	progressCurve: "linear",
	policyMarker: "FORBIDDEN",
	quotaAfterCreates: null,
	truncateDownloads: 0,
	slowDownloadBytesPerSec: null,
	dropConnections: 0,
	post502AfterCreate: 0,
	urlTtlMs: 2 * 24 * 3600_000,
	clips: "distinct",
	expiredMarker: null,
	staleLinks: null,
	stallDownloads: null,
	htmlErrorOnDownload: 0,
	redirectDownloads: null,
	redirectTo: null,
	pollAfterMs: null,
	requestIds: false,
	chatScript: [],
	chatMode: "derive",
	leakyErrors: false,
	longSora: false,
	uploadStatus: null,
	uploadMaxBytes: null,
	uploadToken: null,
	geminiStatus: null,
};

function describe(err: z.ZodError): string {
	return err.issues
		.slice(0, 5)
		.map((i) => `${i.path.length ? i.path.map(String).join(".") : "(scenario)"}: ${i.message}`)
		.join("; ");
}

/** Validates a partial scenario (unknown keys are errors, to catch typos). */
export function checkScenarioPatch(patch: unknown): Partial<Scenario> {
	const r = ScenarioSchema.partial().safeParse(patch ?? {});
	if (!r.success) throw new Error(`Invalid scenario: ${describe(r.error)}`);
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(r.data)) if (v !== undefined) out[k] = v;
	return out as Partial<Scenario>;
}

/** Parses scenario JSON (any subset of the knobs) and fills in the defaults. */
export function loadScenario(json: unknown): Scenario {
	return { ...DEFAULT_SCENARIO, ...checkScenarioPatch(json) };
}
