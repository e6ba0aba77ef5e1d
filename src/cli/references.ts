/**
 * CLI wiring for reference images, matrices and keyframes: flags, environment
 * secrets, the uploader and the runner's prepareReference hook.
 *
 * Secrets come from the environment only:
 *   GEMINI_API_KEY                                        keyframes
 *   CINEFLOW_UPLOAD_TOKEN                                 HTTP uploader (Bearer, optional)
 *   CINEFLOW_S3_ACCESS_KEY_ID / AWS_ACCESS_KEY_ID         S3 uploader
 *   CINEFLOW_S3_SECRET_ACCESS_KEY / AWS_SECRET_ACCESS_KEY
 */
import type { Clock } from "../ports/clock";
import type { HttpPort } from "../ports/http";
import type { VaultPort } from "../ports/vault";
import { createReferenceHooks, type ReferenceHooks } from "../core/run/hooks";
import { UploadError } from "../core/run/upload";
import type { Settings } from "../core/settings";
import { intFlag, strFlag, UsageError, type FlagSpec } from "./args";

export const REFERENCE_FLAGS: Record<string, FlagSpec> = {
	uploader: { type: "string", values: ["none", "http", "s3"] },
	"upload-url": { type: "string" },
	"upload-method": { type: "string", values: ["PUT", "POST"] },
	"upload-field": { type: "string" },
	"s3-endpoint": { type: "string" },
	"s3-bucket": { type: "string" },
	"s3-region": { type: "string" },
	"s3-prefix": { type: "string" },
	"s3-public-url": { type: "string" },
	"s3-virtual-host": { type: "boolean" },
	"gemini-base-url": { type: "string" },
	"gemini-model": { type: "string" },
	"matrix-columns": { type: "string" },
	"matrix-gap": { type: "string" },
	"matrix-labels": { type: "string", values: ["on", "off"] },
};

export const REFERENCE_USAGE = `                    [--uploader none|http|s3] [--upload-url URL] [--upload-method PUT|POST] [--upload-field F]
                    [--s3-endpoint URL --s3-bucket B [--s3-region R] [--s3-prefix P] [--s3-public-url URL] [--s3-virtual-host]]
                    [--gemini-base-url URL] [--gemini-model M] [--matrix-columns N] [--matrix-gap PX] [--matrix-labels on|off]`;

type Flags = Record<string, string | boolean>;

function env1(env: NodeJS.ProcessEnv, ...names: string[]): string | null {
	for (const n of names) {
		const v = env[n]?.trim();
		if (v) return v;
	}
	return null;
}

/** Applies the reference flags to `settings` (in place). */
export function applyReferenceFlags(settings: Settings, flags: Flags): void {
	const u = settings.uploader;
	const kind = strFlag(flags, "uploader");
	if (kind) u.kind = kind as Settings["uploader"]["kind"];
	const url = strFlag(flags, "upload-url");
	if (url) u.url = url;
	const method = strFlag(flags, "upload-method");
	if (method) u.method = method as "PUT" | "POST";
	const field = strFlag(flags, "upload-field");
	if (field) u.responseField = field;
	const s3 = { "s3-endpoint": "s3Endpoint", "s3-bucket": "s3Bucket", "s3-region": "s3Region", "s3-prefix": "s3Prefix", "s3-public-url": "s3PublicBaseUrl" } as const;
	for (const [flag, key] of Object.entries(s3)) {
		const v = strFlag(flags, flag);
		if (v !== undefined) u[key] = v;
	}
	if (flags["s3-virtual-host"]) u.s3PathStyle = false;
	if (!kind && url) u.kind = "http";
	if (!kind && strFlag(flags, "s3-bucket")) u.kind = "s3";
	const gBase = strFlag(flags, "gemini-base-url");
	if (gBase) {
		if (!/^https?:\/\//i.test(gBase)) throw new UsageError("--gemini-base-url must be an http(s) URL");
		settings.keyframes.baseUrl = gBase;
	}
	const gModel = strFlag(flags, "gemini-model");
	if (gModel) settings.keyframes.model = gModel;
	const cols = intFlag(flags, "matrix-columns", 1, 16);
	if (cols !== undefined) settings.matrix.columns = cols;
	const gap = intFlag(flags, "matrix-gap", 0, 64);
	if (gap !== undefined) settings.matrix.gap = gap;
	const labels = strFlag(flags, "matrix-labels");
	if (labels) settings.matrix.labels = labels === "on";
}

/** The uploader and prepareReference hook for a CLI run. Throws UsageError for incomplete uploader settings. */
export function referenceWiring(opts: {
	settings: Settings;
	env: NodeJS.ProcessEnv;
	vault: VaultPort;
	http: HttpPort;
	clock: Clock;
	embedLine(path: string, notePath: string): string;
	warn(message: string): void;
}): ReferenceHooks & { hasGeminiKey: boolean } {
	const { env } = opts;
	try {
		const hooks = createReferenceHooks({
			settings: opts.settings,
			vault: opts.vault,
			http: opts.http,
			clock: opts.clock,
			embedLine: opts.embedLine,
			warn: opts.warn,
			secrets: {
				gemini: env1(env, "GEMINI_API_KEY"),
				uploadToken: env1(env, "CINEFLOW_UPLOAD_TOKEN"),
				s3AccessKeyId: env1(env, "CINEFLOW_S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"),
				s3SecretAccessKey: env1(env, "CINEFLOW_S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"),
			},
		});
		return { ...hooks, hasGeminiKey: env1(env, "GEMINI_API_KEY") !== null };
	} catch (err) {
		if (err instanceof UploadError) {
			throw new UsageError(`${err.message} (flags --upload-url / --s3-endpoint --s3-bucket; keys CINEFLOW_UPLOAD_TOKEN, CINEFLOW_S3_ACCESS_KEY_ID, CINEFLOW_S3_SECRET_ACCESS_KEY)`);
		}
		throw err;
	}
}
