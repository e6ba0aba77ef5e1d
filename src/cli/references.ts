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
import { createReferenceHooks, type ReferenceHooks, type Settings, t, UploadError } from "../core";
import type { Clock } from "../ports/clock";
import type { HttpPort } from "../ports/http";
import type { VaultPort } from "../ports/vault";
import { nodeImageCodec } from "./image-codec";
import { UsageError } from "./args";
import { applySettingFlags } from "./setting-flags";

type Flags = Record<string, string | boolean>;

/**
 * Applies every setting flag of `generate` (generated from the settings table:
 * concurrency, budget, the uploader, the matrix, keyframes…) to `settings` in place.
 * An upload URL or a bucket without `--uploader` chooses that uploader.
 */
export function applyReferenceFlags(settings: Settings, flags: Flags): void {
	applySettingFlags(settings, flags, "generate");
	if (flags.uploader === undefined && typeof flags["upload-url"] === "string") settings.uploader.kind = "http";
	if (flags.uploader === undefined && typeof flags["s3-bucket"] === "string") settings.uploader.kind = "s3";
}

function env1(env: NodeJS.ProcessEnv, ...names: string[]): string | null {
	for (const n of names) {
		const v = env[n]?.trim();
		if (v) return v;
	}
	return null;
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
			codec: nodeImageCodec,
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
			throw new UsageError(t("cli.references.flags", { message: err.message }));
		}
		throw err;
	}
}
