/**
 * The runner's `prepareReference` hook: what image a shot's video gets, built
 * before the job is submitted.
 *
 * - `image:` alone → that image (vault bytes, or a URL).
 * - `references: [...]`, plus the character sheets the job's sheet plan puts in the
 *   first-frame matrix (run/sheets.ts) → one matrix image (grid, labels, the shot's
 *   own pixel size), saved to `<output>/refs/<shot id>.png`. A single image is sent
 *   as it is. Sheets and no `image:`/`references:` → the same, from the sheets.
 * - `purpose: "sheets"` (a model with one reference slot): the matrix of the shot's
 *   own reference and its sheets, sent as that reference (same file).
 * - `keyframe: true` / `keyframe_prompt:` → a still from the Gemini image model
 *   (the images above are its inputs), saved to `<output>/keyframes/<shot id>.png`,
 *   embedded under the shot and sent as the video's reference. A keyframe journal
 *   (`keyframes/.cineflow-keyframes.json`) makes reruns reuse it instead of paying
 *   again; editing the keyframe prompt, model or input images makes a new one.
 *
 * Providers that take bytes get bytes; URL-only providers get a URL from the
 * configured uploader. Type (PNG/JPEG/WebP by signature) and the provider's size
 * limit are checked first. Every error names the note, the line and the shot.
 * Takes of one shot share one result (one Gemini call, one upload).
 */
import type { Clock } from "../../ports/clock";
import type { HttpPort } from "../../ports/http";
import type { VaultPort } from "../../ports/vault";
import { sha256Bytes, sha256Hex } from "../hash";
import { codecStitcher, coverResize, parseSize, type ImageCodec, type Stitcher } from "../image";
import { t } from "../i18n";
import { where } from "../parse/errors";
import { applyEmbed } from "../patch";
import { referenceFor } from "../paths";
import type { ModelSpec, ReferenceInput } from "../providers/types";
import type { Redactor } from "../redact";
import type { Settings } from "../settings";
import type { PlannedJob, Shot } from "../types";
import { generateGeminiImage, KeyframeError, MAX_GEMINI_IMAGES } from "./gemini";
import { locateBlock, noteBlocks } from "./identity";
import { imageMime, readVaultImage, ReferenceError, resolveReference, type ReferenceContext } from "./references";
import type { PrepareReferenceRequest } from "./runner";
import { decodeSafe } from "../values";
import { firstFrameSheets, matrixOptions, matrixSources, refLabel } from "./matrix-sources";
import { planSheets } from "./sheets";

export { firstFrameSheets, matrixOptions, matrixSources } from "./matrix-sources";

export interface PrepareDeps {
	vault: VaultPort;
	http: HttpPort;
	clock: Clock;
	settings: Settings;
	/** The embed line for a file under a note (same link style as video embeds). */
	embedLine(path: string, notePath: string): string;
	/** The Gemini key (GEMINI_API_KEY / secret storage), looked up when a keyframe is needed. */
	geminiKey(): string | null;
	/** Decodes and encodes images (ports/image.ts): jpeg-js/fast-png in the CLI, the canvas in the plugin. */
	codec: ImageCodec;
	/** How the matrix is drawn: our raster code over `codec` (default) or the plugin's canvas stitcher. */
	stitcher?: Stitcher;
	/** Called for problems that do not stop the shot (e.g. the keyframe embed could not be added). */
	warn?(message: string): void;
	/** Called when a keyframe was generated (not reused). For progress and tests. */
	onKeyframe?(info: { notePath: string; shotId: string; path: string; reused: boolean }): void;
}

export const KEYFRAME_JOURNAL = ".cineflow-keyframes.json";
/** Tries for one keyframe when Gemini answers 429/5xx or cannot be reached, and the first wait (doubled each time). */
export const KEYFRAME_ATTEMPTS = 3;
export const KEYFRAME_RETRY_MS = 5000;

interface Source {
	bytes: Uint8Array;
	mime: string;
	name: string;
	/** Vault path or URL, for messages. */
	path: string;
	label: string;
}

interface KeyframeEntry {
	hash: string;
	model: string;
	file: string;
	createdAt: number;
}

const MAX_SOURCE_BYTES = 50 * 1024 * 1024;

/** What an image sent to the provider is, for the too-large message. */
interface Sent {
	kind: "matrix" | "image" | "keyframe";
	path: string;
}

const TOO_LARGE = { matrix: "run.ref.matrixTooLarge", image: "run.ref.tooLarge", keyframe: "run.keyframe.tooLarge" } as const;

/** Megabytes with one decimal, for the size messages. */
function mb(n: number): string {
	return (n / 1024 / 1024).toFixed(1);
}

/** The text sent to the image model: the keyframe prompt (or the shot prompt without [markers]), scene and cast. */
export function keyframePromptOf(shot: Shot, labels: string[]): string {
	const base = (shot.keyframePrompt ?? shot.prompt).replace(/\[([^[\]\n]{1,40})\]/g, "$1").trim();
	const parts = [base];
	if (shot.scene?.trim()) parts.push(`Scene: ${shot.scene.trim()}.`); // i18n-ignore: prompt sent to the model
	const described = (shot.cast ?? []).filter((c) => c.description?.trim());
	if (described.length) parts.push(`Characters: ${described.map((c) => `${c.name}: ${c.description!.trim()}`).join("; ")}.`);
	if (labels.length) parts.push(`Reference images, in order: ${labels.join(", ")}.`); // i18n-ignore: prompt sent to the model
	parts.push(`One still frame, ${shot.orientation === "vertical" ? "vertical 9:16" : "horizontal 16:9"}, the first frame of the shot.`); // i18n-ignore: prompt sent to the model
	return parts.join(" ").replace(/\s+/g, " ");
}

export function createPrepareReference(deps: PrepareDeps): (req: PrepareReferenceRequest) => Promise<ReferenceInput | undefined> {
	const stitch = deps.stitcher ?? codecStitcher(deps.codec);
	const memo = new Map<string, Promise<ReferenceInput | undefined>>();

	const loadSource = async (ctx: ReferenceContext, raw: string, label: string, notePath: string, redact: Redactor, signal?: AbortSignal): Promise<Source> => {
		const r = referenceFor(raw, notePath);
		if (!r.ok) throw new ReferenceError(r.message);
		if (r.ref.kind === "vault") {
			const img = await readVaultImage(ctx, r.ref.path, notePath, MAX_SOURCE_BYTES);
			return { ...img, label };
		}
		const url = r.ref.url;
		let res;
		try {
			res = await deps.http.request({ method: "GET", url, timeoutMs: 120_000, maxBytes: MAX_SOURCE_BYTES }, signal);
		} catch (err) {
			throw new ReferenceError(redact(t("run.ref.fetchFailed", { url, detail: err instanceof Error ? err.message : String(err) })));
		}
		if (res.status !== 200) throw new ReferenceError(redact(t("run.ref.fetchStatus", { url, status: res.status })));
		const mime = imageMime(res.body);
		if (!mime) throw new ReferenceError(redact(t("run.ref.notImage", { path: url })));
		return { bytes: res.body, mime, name: url.split("?")[0]!.split("/").pop() || "image", path: url, label };
	};

	/** Bytes → what the provider takes, after the size check. */
	const deliver = async (
		ctx: ReferenceContext,
		spec: ModelSpec,
		src: { bytes: Uint8Array; mime: string; name: string },
		what: Sent,
	): Promise<ReferenceInput> => {
		if (spec.maxImageBytes !== undefined && src.bytes.length > spec.maxImageBytes) {
			throw new ReferenceError(
				t(TOO_LARGE[what.kind], { path: what.path, size: mb(src.bytes.length), provider: ctx.providerLabel, max: mb(spec.maxImageBytes) }),
			);
		}
		if (spec.image === "bytes" || spec.image === "url-or-bytes") return { kind: "bytes", bytes: src.bytes, mime: src.mime, name: src.name };
		if (!ctx.upload) {
			throw new ReferenceError(t("run.ref.urlOnlyCli", { provider: ctx.providerLabel }));
		}
		return { kind: "url", url: await ctx.upload(src.bytes, src.mime, src.name) };
	};

	const writeAtomic = async (path: string, bytes: Uint8Array): Promise<void> => {
		const folder = path.slice(0, path.lastIndexOf("/"));
		await deps.vault.ensureFolder(folder);
		const tmp = `${path}.tmp`;
		await deps.vault.writeBinary(tmp, bytes);
		const st = await deps.vault.stat(tmp);
		if (!st || st.size !== bytes.length) {
			await deps.vault.remove(tmp);
			throw new ReferenceError(t("run.write.short", { path, written: st?.size ?? 0, count: bytes.length }));
		}
		await deps.vault.rename(tmp, path);
	};

	const readJournal = async (path: string): Promise<Record<string, KeyframeEntry>> => {
		const text = await deps.vault.read(path);
		if (text === null) return {};
		try {
			const data = JSON.parse(text) as { entries?: Record<string, KeyframeEntry> };
			return data.entries && typeof data.entries === "object" ? data.entries : {};
		} catch {
			throw new ReferenceError(t("run.keyframe.journalNotJson", { path }));
		}
	};

	let journalChain: Promise<void> = Promise.resolve();
	const recordKeyframe = (path: string, shotId: string, entry: KeyframeEntry): Promise<void> => {
		const run = async () => {
			const entries = await readJournal(path);
			entries[shotId] = entry;
			const tmp = `${path}.tmp`;
			await deps.vault.writeText(tmp, JSON.stringify({ version: 1, entries }, null, "\t") + "\n");
			await deps.vault.rename(tmp, path);
		};
		journalChain = journalChain.then(run, run);
		return journalChain;
	};

	const embedKeyframe = async (job: PlannedJob, path: string): Promise<void> => {
		if (!job.notePath.toLowerCase().endsWith(".md")) return;
		const line = deps.embedLine(path, job.notePath);
		const tail = `keyframes/${path.split("/").pop() ?? ""}`;
		const recognize = (l: string) => {
			const t = l.trim();
			return t.startsWith("![") && decodeSafe(t).includes(tail) ? { shotId: job.shotId, take: 0 } : null;
		};
		let problem: string | null = null;
		try {
			await deps.vault.process(job.notePath, (text) => {
				const blocks = noteBlocks(job.notePath, text);
				const block = locateBlock(text, blocks, job, recognize);
				if (!block) {
					problem = t("run.embed.shotGone", { shot: job.anchor?.id ?? job.shotId });
					return text;
				}
				const r = applyEmbed(text, blocks, { shotId: job.shotId, take: 0, blockId: block.id, blockIndex: block.index, line }, recognize);
				problem = r.ok ? null : r.reason;
				return r.ok ? r.text : text;
			});
		} catch (err) {
			problem = err instanceof Error ? err.message : String(err);
		}
		if (problem) deps.warn?.(t("run.keyframe.embedNotAdded", { note: job.notePath, path, why: problem }));
	};

	const keyframe = async (req: PrepareReferenceRequest, shot: Shot, sources: Source[]): Promise<{ bytes: Uint8Array; mime: string; path: string }> => {
		const { job } = req;
		const cfg = deps.settings.keyframes;
		const folder = `${job.outputFolder}/keyframes`;
		const path = `${folder}/${job.shotId}.png`;
		const journalPath = `${folder}/${KEYFRAME_JOURNAL}`;
		const images = sources.slice(0, MAX_GEMINI_IMAGES);
		const prompt = keyframePromptOf(
			shot,
			images.map((s) => s.label),
		);
		const aspectRatio = shot.orientation === "vertical" ? "9:16" : "16:9";
		const hash = sha256Hex(
			JSON.stringify({ model: cfg.model, prompt, aspectRatio, imageSize: cfg.imageSize, images: images.map((s) => sha256Bytes(s.bytes)) }),
		);
		const entries = await readJournal(journalPath);
		const entry = entries[job.shotId];
		const existing = await deps.vault.stat(path);
		if (existing && existing.size > 0 && (!entry || entry.hash === hash)) {
			const bytes = await deps.vault.readBinary(path);
			const mime = bytes ? imageMime(bytes) : null;
			if (bytes && mime) {
				await embedKeyframe(job, path);
				deps.onKeyframe?.({ notePath: job.notePath, shotId: job.shotId, path, reused: true });
				return { bytes, mime, path };
			}
		}
		const apiKey = deps.geminiKey();
		if (!apiKey) throw new ReferenceError(t("run.keyframe.noKey"));
		// Overload, rate limits and network errors are retried a few times; nothing is billed for them.
		let img: { bytes: Uint8Array; mime: string } | undefined;
		for (let attempt = 1; !img; attempt++) {
			try {
				img = await generateGeminiImage({
					http: deps.http,
					baseUrl: cfg.baseUrl,
					model: cfg.model,
					apiKey,
					prompt,
					aspectRatio,
					imageSize: cfg.imageSize,
					images,
					redact: req.redact,
					signal: req.signal,
				});
			} catch (err) {
				if (!(err instanceof KeyframeError) || !err.retryable || attempt >= KEYFRAME_ATTEMPTS || req.signal?.aborted) throw err;
				await deps.clock.sleep(KEYFRAME_RETRY_MS * 2 ** (attempt - 1), req.signal);
			}
		}
		// Keep the model's own format in a .png only when it is PNG; convert otherwise when we can.
		let bytes = img.bytes;
		if (img.mime !== "image/png") {
			try {
				bytes = await deps.codec.encodePng(await deps.codec.decode(img.bytes, img.mime));
			} catch {
				bytes = img.bytes;
			}
		}
		await writeAtomic(path, bytes);
		await recordKeyframe(journalPath, job.shotId, { hash, model: cfg.model, file: path, createdAt: deps.clock.now() });
		await embedKeyframe(job, path);
		deps.onKeyframe?.({ notePath: job.notePath, shotId: job.shotId, path, reused: false });
		return { bytes, mime: imageMime(bytes) ?? img.mime, path };
	};

	/** A still at the video's exact pixel size (OpenAI requires it); the original when it cannot be decoded. */
	const fitToShot = async (bytes: Uint8Array, mime: string, size: string): Promise<{ bytes: Uint8Array; mime: string }> => {
		const dims = parseSize(size);
		if (!dims) return { bytes, mime };
		try {
			const img = await deps.codec.decode(bytes, mime);
			if (img.width === dims.width && img.height === dims.height) return { bytes, mime };
			return { bytes: await deps.codec.encodePng(coverResize(img, dims.width, dims.height)), mime: "image/png" };
		} catch {
			return { bytes, mime };
		}
	};

	/** One image or a stitched matrix of several, saved to refs/<shot id>.png, as the provider takes it. */
	const imageOrMatrix = async (req: PrepareReferenceRequest, items: Array<{ raw: string; label: string }>): Promise<ReferenceInput | undefined> => {
		const { job, spec, refCtx } = req;
		const load = (list: Array<{ raw: string; label: string }>) =>
			Promise.all(list.map((s) => loadSource(refCtx, s.raw, s.label, job.notePath, req.redact, req.signal)));
		if (items.length >= 2) {
			const sources = await load(items);
			const png = await stitch(sources, matrixOptions(deps.settings, job.size, job.orientation));
			const path = `${job.outputFolder}/refs/${job.shotId}.png`;
			await writeAtomic(path, png);
			return deliver(refCtx, spec, { bytes: png, mime: "image/png", name: `${job.shotId}-refs.png` }, { kind: "matrix", path });
		}
		if (items.length === 1) {
			const one = items[0]!;
			const r = referenceFor(one.raw, job.notePath);
			if (r.ok && r.ref.kind === "url" && spec.image !== "bytes") return { kind: "url", url: r.ref.url };
			const [src] = await load(items);
			return deliver(refCtx, spec, src!, { kind: "image", path: src!.path });
		}
		return undefined;
	};

	const build = async (req: PrepareReferenceRequest): Promise<ReferenceInput | undefined> => {
		const { job, shot, spec, refCtx } = req;
		if (!shot) return undefined;
		if (spec.image === "none") return undefined;
		const plan = job.sheets ?? planSheets(shot, spec, job.nativeReferences?.length ?? 0);
		// The sheet matrix of a model with one reference slot: the shot's own reference, then the sheets.
		if (req.purpose === "sheets") {
			if (plan?.rule !== "matrix-reference") return undefined;
			return imageOrMatrix(req, [...shot.references.map((r) => ({ raw: r, label: refLabel(r, job.notePath) })), ...plan.sent]);
		}
		const listed = matrixSources(shot, firstFrameSheets(shot, plan));
		const load = (items: Array<{ raw: string; label: string }>) =>
			Promise.all(items.map((s) => loadSource(refCtx, s.raw, s.label, job.notePath, req.redact, req.signal)));

		if (shot.keyframe) {
			const inputs = listed.length ? listed : shot.image !== undefined ? [{ raw: shot.image, label: "reference" }] : [];
			const sources = await load(inputs);
			const kf = await keyframe(req, shot, sources);
			const fitted = await fitToShot(kf.bytes, kf.mime, job.size);
			return deliver(refCtx, spec, { ...fitted, name: `${job.shotId}-keyframe.png` }, { kind: "keyframe", path: kf.path });
		}
		// Images that come only from the bible (no image:/references: on the shot) are a bonus:
		// where they cannot be sent (URL-only provider, no uploader), the shot runs without them.
		const implicit = listed.length > 0 && !shot.references.length && shot.image === undefined;
		if (implicit && spec.image === "url" && !refCtx.upload) {
			deps.warn?.(t("run.ref.castNotSent", { at: where(job.notePath, job.line, job.shotId), provider: refCtx.providerLabel }));
			return undefined;
		}
		if (listed.length) return imageOrMatrix(req, listed);
		if (job.reference?.kind === "vault" && shot.image !== undefined) {
			const [src] = await load([{ raw: shot.image, label: "image" }]);
			return deliver(refCtx, spec, src!, { kind: "image", path: src!.path });
		}
		if (job.reference) return resolveReference(refCtx, job.reference, job.notePath, spec);
		return undefined;
	};

	return (req) => {
		const key = `${req.job.notePath}::${req.job.shotId}::${req.job.provider}/${req.job.model}::${req.purpose ?? "first-frame"}`;
		let p = memo.get(key);
		if (!p) {
			const at = where(req.job.notePath, req.job.line, req.job.shotId);
			p = build(req).catch((err: unknown) => {
				const msg = err instanceof Error ? err.message : String(err);
				const prefix = err instanceof KeyframeError ? "keyframe: " : "";
				throw new ReferenceError(req.redact(`${at}: ${prefix}${msg}`));
			});
			memo.set(key, p);
		}
		return p;
	};
}
