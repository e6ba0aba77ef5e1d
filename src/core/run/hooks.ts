/**
 * Everything a run needs for reference images, matrices and keyframes, built
 * from settings and secrets: the uploader, the prepareReference hook and the
 * extra secrets to redact. The CLI passes environment secrets and its image codec
 * (jpeg-js, fast-png); the plugin passes secret-storage values and the canvas.
 */
import type { Clock } from "../../ports/clock";
import type { HttpPort } from "../../ports/http";
import type { VaultPort } from "../../ports/vault";
import type { ImageCodec, Stitcher } from "../image";
import { createRedactor } from "../redact";
import type { Settings } from "../settings";
import { createPrepareReference, type PrepareDeps } from "./prepare";
import type { PrepareReferenceRequest } from "./runner";
import type { ReferenceInput } from "../providers/types";
import { createUploader, type Uploader } from "./upload";

export interface ReferenceSecrets {
	/** Gemini API key for keyframes. */
	gemini?: string | null;
	/** Bearer token of the HTTP uploader. */
	uploadToken?: string | null;
	s3AccessKeyId?: string | null;
	s3SecretAccessKey?: string | null;
}

export interface ReferenceHooks {
	/** Undefined when no uploader is configured (URL-only providers then say so). */
	upload?: Uploader;
	prepareReference: (req: PrepareReferenceRequest) => Promise<ReferenceInput | undefined>;
	/** Pass to RunOptions.extraSecrets so every message is redacted. */
	extraSecrets: string[];
}

/** Throws UploadError when the uploader settings are incomplete. */
export function createReferenceHooks(o: {
	settings: Settings;
	vault: VaultPort;
	http: HttpPort;
	clock: Clock;
	secrets: ReferenceSecrets;
	embedLine: PrepareDeps["embedLine"];
	codec: ImageCodec;
	stitcher?: Stitcher;
	warn?: PrepareDeps["warn"];
	onKeyframe?: PrepareDeps["onKeyframe"];
}): ReferenceHooks {
	const s = o.secrets;
	const extraSecrets = [s.gemini, s.uploadToken, s.s3SecretAccessKey].filter((x): x is string => typeof x === "string" && x.trim() !== "");
	const redact = createRedactor(extraSecrets);
	const upload = createUploader(o.settings.uploader, {
		http: o.http,
		now: () => o.clock.now(),
		redact,
		secrets: { token: s.uploadToken ?? null, accessKeyId: s.s3AccessKeyId ?? null, secretAccessKey: s.s3SecretAccessKey ?? null },
	});
	const prepareReference = createPrepareReference({
		vault: o.vault,
		http: o.http,
		clock: o.clock,
		settings: o.settings,
		embedLine: o.embedLine,
		geminiKey: () => s.gemini ?? null,
		codec: o.codec,
		stitcher: o.stitcher,
		warn: o.warn,
		onKeyframe: o.onKeyframe,
	});
	return { upload, prepareReference, extraSecrets };
}
