/**
 * Plugin/CLI settings: schema, defaults and forward migration. Pure; the Obsidian
 * adapter persists them with saveData, the CLI builds them from flags.
 * The API key is never part of settings: only the name of the secret that holds it.
 */
import * as z from "zod/mini";
import "./zod-locale";
import { declaredModelSchema } from "./providers/declared";
import { isRecord } from "./values";

export const SETTINGS_VERSION = 2;

const orientation = z.enum(["horizontal", "vertical"]);

export const providerSettingsSchema = z.object({
	baseUrl: z.optional(z.string()),
	model: z.optional(z.string()),
	/** Name of the SecretStorage entry holding the key (lowercase, dashes). */
	secretName: z.optional(z.string()),
});

export const priceOverrideSchema = z.object({
	perSecond: z.nullable(z.number().check(z.nonnegative())),
	proPerSecond: z.nullable(z.number().check(z.nonnegative())),
});

export const uploaderSettingsSchema = z.object({
	/** none: URL-only providers cannot use vault images; http: PUT/POST to `url`; s3: presigned PUT to a bucket. */
	kind: z.enum(["none", "http", "s3"]),
	/** http: the endpoint; `{name}` is replaced by a unique file name. */
	url: z.string(),
	method: z.enum(["PUT", "POST"]),
	/** http: JSON field of the answer holding the URL (dot path); the Location header or a plain-text URL also work. */
	responseField: z.string(),
	/** s3: endpoint (e.g. https://s3.us-east-1.amazonaws.com or an R2/MinIO URL), region, bucket, key prefix. */
	s3Endpoint: z.string(),
	s3Region: z.string(),
	s3Bucket: z.string(),
	s3Prefix: z.string(),
	/** s3: bucket URLs as https://endpoint/bucket/key (true) or https://bucket.endpoint/key. */
	s3PathStyle: z.boolean(),
	/** s3: public base URL of the bucket; when empty the provider gets a presigned GET URL. */
	s3PublicBaseUrl: z.string(),
	/** s3: lifetime of the presigned GET URL, seconds (at most 7 days). */
	s3UrlSeconds: z.number().check(z.int(), z.minimum(60), z.maximum(604_800)),
});

export const matrixSettingsSchema = z.object({
	/** Fixed column count; null chooses the grid that shows the images largest. */
	columns: z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(16))),
	gap: z.number().check(z.int(), z.minimum(0), z.maximum(64)),
	labels: z.boolean(),
	background: z.string(),
	labelColor: z.string(),
	labelBackground: z.string(),
});

export const keyframeSettingsSchema = z.object({
	baseUrl: z.string(),
	model: z.string().check(z.minLength(1)),
	/** Gemini imageConfig.imageSize. */
	imageSize: z.enum(["1K", "2K", "4K"]),
});

export const assistantSettingsSchema = z.object({
	/** Base URL; requests go to {base}/v1/chat/completions (a trailing /v1 is not doubled). */
	baseUrl: z.string().check(z.minLength(1)),
	model: z.string().check(z.minLength(1)),
	/** Name of the SecretStorage entry holding the assistant's key (lowercase, dashes). */
	secretName: z.string().check(z.minLength(1)),
	/** Script tokens per request (estimated at 4 characters per token). */
	chunkTokens: z.number().check(z.int(), z.minimum(200), z.maximum(200_000)),
});

export const settingsSchema = z.object({
	version: z.literal(SETTINGS_VERSION),
	/** The default provider; "" until the user chooses one (nothing defaults to a dead service). */
	provider: z.string(),
	providers: z.record(z.string(), providerSettingsSchema),
	/** Models the user declares (any id a relay or aggregator serves), with their capabilities. */
	models: z.array(declaredModelSchema),
	defaults: z.object({
		duration: z.optional(z.number().check(z.int(), z.positive())),
		orientation,
		pro: z.boolean(),
		takes: z.number().check(z.int(), z.minimum(1), z.maximum(10)),
	}),
	concurrency: z.object({
		initial: z.number().check(z.int(), z.minimum(1), z.maximum(64)),
		max: z.number().check(z.int(), z.minimum(1), z.maximum(64)),
		/** The original tool's safe mode: 5 slots, 10 min cooldown, +1 slot/min. */
		safeMode: z.boolean(),
		/** Fixed request-rate ceiling per provider key (requests/minute); null = learn it. */
		requestsPerMinute: z.nullable(z.number().check(z.positive())),
		downloads: z.number().check(z.int(), z.minimum(1), z.maximum(8)),
	}),
	polling: z.object({
		/**
		 * Longest wait for one job, counted from when it starts running. A job the
		 * provider still runs after this is not failed: the run stops checking it and
		 * leaves it in the journal, and the next run collects it. (Before warnings
		 * existed this was the 35-minute give-up time; see `migrateSettings`.)
		 */
		maxWaitMinutes: z.number().check(z.positive(), z.maximum(24 * 60)),
		/** Longest wait for pro jobs and jobs of 25 s or more. */
		maxWaitProMinutes: z.number().check(z.positive(), z.maximum(24 * 60)),
		/** A job still running after this many minutes is reported once (the original tool's 35-minute timeout). */
		warnAfterMinutes: z.number().check(z.positive(), z.maximum(24 * 60)),
		/** The same for pro jobs and jobs of 25 s or more. */
		warnAfterProMinutes: z.number().check(z.positive(), z.maximum(24 * 60)),
		minIntervalSeconds: z.number().check(z.minimum(1), z.maximum(600)),
		maxIntervalSeconds: z.number().check(z.minimum(1), z.maximum(3600)),
	}),
	jitter: z.object({
		minMs: z.number().check(z.int(), z.minimum(0)),
		maxMs: z.number().check(z.int(), z.minimum(0)),
	}),
	outputFolder: z.string().check(z.minLength(1)),
	/**
	 * Where videos go: "sibling" (`<note folder>/<outputFolder>/<note>/`, the default, as in
	 * the original tool) or "attachments" (Obsidian's attachment location, per note).
	 * A note picks its own with `cineflow.output` (a folder name, or `attachments`).
	 */
	outputLocation: z.enum(["sibling", "attachments"]),
	/** "vault" follows Obsidian's Files & Links preference. */
	linkStyle: z.enum(["vault", "wiki", "markdown"]),
	/** `<provider>/<model>` → price override in USD per second. */
	prices: z.record(z.string(), priceOverrideSchema),
	budgetUsd: z.nullable(z.number().check(z.positive())),
	maxDownloadBytes: z.number().check(z.int(), z.positive()),
	/** Also inject character ids for plain (unbracketed) names. Off by default. */
	plainNameInjection: z.boolean(),
	/** Warn before a batch when free disk space is below this many bytes (desktop only). */
	minFreeBytes: z.number().check(z.int(), z.nonnegative()),
	/** Where vault images go for URL-only providers (Sora.hk). Secrets live in secret storage / env. */
	uploader: uploaderSettingsSchema,
	/** The multi-reference matrix (`references:` and character images stitched into one image). */
	matrix: matrixSettingsSchema,
	/** Keyframes (`keyframe: true`) from a Gemini image model ("Nano Banana Pro"). Key: GEMINI_API_KEY / secret storage. */
	keyframes: keyframeSettingsSchema,
	/** Script → storyboard assistant: an OpenAI-compatible chat-completions endpoint with its own key. */
	assistant: assistantSettingsSchema,
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
	version: SETTINGS_VERSION,
	provider: "",
	providers: {},
	models: [],
	defaults: { orientation: "horizontal", pro: false, takes: 1 },
	concurrency: { initial: 20, max: 64, safeMode: false, requestsPerMinute: null, downloads: 2 },
	polling: { maxWaitMinutes: 360, maxWaitProMinutes: 480, warnAfterMinutes: 35, warnAfterProMinutes: 60, minIntervalSeconds: 5, maxIntervalSeconds: 60 },
	jitter: { minMs: 500, maxMs: 3000 },
	outputFolder: "_assets",
	outputLocation: "sibling",
	linkStyle: "vault",
	prices: {},
	budgetUsd: null,
	maxDownloadBytes: 2 * 1024 * 1024 * 1024,
	plainNameInjection: false,
	minFreeBytes: 1024 * 1024 * 1024,
	uploader: {
		kind: "none",
		url: "",
		method: "PUT",
		responseField: "url",
		s3Endpoint: "",
		s3Region: "us-east-1",
		s3Bucket: "",
		s3Prefix: "cineflow/",
		s3PathStyle: true,
		s3PublicBaseUrl: "",
		s3UrlSeconds: 86_400,
	},
	matrix: { columns: null, gap: 8, labels: true, background: "#181818", labelColor: "#ffffff", labelBackground: "#000000" },
	keyframes: { baseUrl: "https://generativelanguage.googleapis.com/v1beta", model: "gemini-3-pro-image", imageSize: "1K" },
	assistant: { baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", secretName: "cineflow-assistant", chunkTokens: 3000 },
};

/** Gemini image previews shut down on 2026-06-25 (Gemini deprecations page), and their GA replacements. */
const RETIRED_IMAGE_MODELS: Record<string, string> = {
	"gemini-3-pro-image-preview": "gemini-3-pro-image",
	"gemini-3.1-flash-image-preview": "gemini-3.1-flash-image",
};

export class SettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "SettingsError";
	}
}

/**
 * Version 1 (0.0.x previews) kept a flat shape: `concurrency: number`,
 * `maxConcurrency`, `pollMaxMinutes`, `outputFolderName`, and sometimes an `apiKey`
 * field. The key is dropped here (it belongs in SecretStorage); `migrateSettings`
 * reports that it did so.
 */
function migrateV1(raw: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...raw };
	delete out.apiKey;
	const conc = typeof raw.concurrency === "number" ? raw.concurrency : undefined;
	const max = typeof raw.maxConcurrency === "number" ? raw.maxConcurrency : undefined;
	out.concurrency = {
		...DEFAULT_SETTINGS.concurrency,
		...(conc !== undefined ? { initial: conc } : {}),
		...(max !== undefined ? { max } : {}),
	};
	delete out.maxConcurrency;
	if (typeof raw.pollMaxMinutes === "number") {
		// Its give-up time is a warning now (see migrateWaits).
		out.polling = { ...DEFAULT_SETTINGS.polling, warnAfterMinutes: raw.pollMaxMinutes, maxWaitMinutes: Math.min(24 * 60, Math.max(raw.pollMaxMinutes, DEFAULT_SETTINGS.polling.maxWaitMinutes)) };
	}
	delete out.pollMaxMinutes;
	if (typeof raw.outputFolderName === "string") out.outputFolder = raw.outputFolderName;
	delete out.outputFolderName;
	out.version = 2;
	return out;
}

/**
 * Settings saved before `warnAfterMinutes` existed: their `maxWaitMinutes` (35 by
 * default) gave up a job the provider still ran. It becomes the warning time, and
 * the wait limit becomes the new default (hours) unless the saved one was longer.
 * Idempotent: data that has `warnAfterMinutes` is left alone. Returns true when it
 * changed something.
 */
function migrateWaits(data: Record<string, unknown>): boolean {
	const p = data.polling;
	if (!isRecord(p) || p.warnAfterMinutes !== undefined || (p.maxWaitMinutes === undefined && p.maxWaitProMinutes === undefined)) return false;
	const d = DEFAULT_SETTINGS.polling;
	const num = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : fallback);
	const oldWait = num(p.maxWaitMinutes, d.warnAfterMinutes);
	const oldPro = num(p.maxWaitProMinutes, d.warnAfterProMinutes);
	data.polling = {
		...p,
		warnAfterMinutes: Math.min(oldWait, 24 * 60),
		warnAfterProMinutes: Math.min(oldPro, 24 * 60),
		maxWaitMinutes: Math.min(24 * 60, Math.max(oldWait, d.maxWaitMinutes)),
		maxWaitProMinutes: Math.min(24 * 60, Math.max(oldPro, d.maxWaitProMinutes)),
	};
	return true;
}

export interface MigrationResult {
	settings: Settings;
	/** Things the user should know (e.g. a plaintext key was removed from data.json). */
	notes: string[];
	/** True when the stored data should be rewritten. */
	changed: boolean;
}

/** Turns whatever loadData() returned into valid current settings. Never throws. */
export function migrateSettings(raw: unknown): MigrationResult {
	const notes: string[] = [];
	if (!isRecord(raw)) return { settings: structuredClone(DEFAULT_SETTINGS), notes, changed: raw != null };
	let data: Record<string, unknown> = { ...raw };
	let changed = false;
	const version = typeof data.version === "number" ? data.version : 1;
	if (version < 2) {
		if ("apiKey" in data) notes.push("A plaintext API key was found in the plugin data and removed. Enter it again in settings; it is now kept in secret storage.");
		data = migrateV1(data);
		changed = true;
	}
	if (migrateWaits(data)) {
		notes.push(
			`Jobs that run long are no longer given up: after ${String((data.polling as Record<string, unknown>).warnAfterMinutes)} minutes you get a warning, and CineFlow keeps checking them for up to ${String((data.polling as Record<string, unknown>).maxWaitMinutes)} minutes, then leaves them for the next run.`,
		);
		changed = true;
	}
	// Fill anything missing from defaults, section by section, then validate.
	const merged: Record<string, unknown> = { ...structuredClone(DEFAULT_SETTINGS), ...data };
	for (const key of ["defaults", "concurrency", "polling", "jitter", "uploader", "matrix", "keyframes", "assistant"] as const) {
		const d = DEFAULT_SETTINGS[key] as Record<string, unknown>;
		const v = data[key];
		merged[key] = isRecord(v) ? { ...d, ...v } : structuredClone(d);
	}
	const parsed = settingsSchema.safeParse(merged);
	if (!parsed.success) {
		notes.push("Some settings were invalid and were reset to defaults: " + parsed.error.issues.map((i) => i.path.join(".")).join(", "));
		// Keep valid sections, reset the rest.
		const fixed: Record<string, unknown> = { ...merged };
		for (const issue of parsed.error.issues) {
			const top = issue.path[0];
			if (typeof top === "string" && top in DEFAULT_SETTINGS) {
				fixed[top] = structuredClone((DEFAULT_SETTINGS as Record<string, unknown>)[top]);
			}
		}
		const again = settingsSchema.safeParse(fixed);
		return { settings: again.success ? again.data : structuredClone(DEFAULT_SETTINGS), notes, changed: true };
	}
	const keyframeModel = Object.prototype.hasOwnProperty.call(RETIRED_IMAGE_MODELS, parsed.data.keyframes.model) ? RETIRED_IMAGE_MODELS[parsed.data.keyframes.model] : undefined;
	if (keyframeModel) {
		notes.push(`The keyframe model ${parsed.data.keyframes.model} was shut down by Google on 2026-06-25; keyframes now use ${keyframeModel}.`);
		parsed.data.keyframes.model = keyframeModel;
		changed = true;
	}
	if (parsed.data.concurrency.max < parsed.data.concurrency.initial) {
		parsed.data.concurrency.max = parsed.data.concurrency.initial;
		changed = true;
	}
	return { settings: parsed.data, notes, changed };
}
