/**
 * Reference checks without sending anything (dry run, run dialog): every vault
 * image a ready shot will use exists and is PNG/JPEG/WebP, single images fit the
 * provider's limit, URL-only providers have an uploader for vault images, and
 * keyframes have a key. Messages name the note, the line and the shot.
 */
import { t } from "../i18n";
import { referenceFor } from "../paths";
import { where } from "../parse/errors";
import type { Plan } from "../plan";
import type { PlannedJob } from "../types";
import { getModelSpec, getProviderInfo } from "../providers/catalog";
import { imageMime, type ReferenceContext } from "./references";
import { firstFrameSheets, matrixSources } from "./matrix-sources";

export interface PreflightOptions {
	plan: Plan;
	/** The jobs that will be submitted (default: every ready job of the plan). */
	jobs?: readonly PlannedJob[];
	ctx: Pick<ReferenceContext, "vault" | "resolveLink">;
	hasUploader: boolean;
	hasGeminiKey: boolean;
}

export async function preflightReferences(o: PreflightOptions): Promise<string[]> {
	const problems: string[] = [];
	const seen = new Set<string>();
	const shots = new Map(o.plan.shots.map((s) => [`${s.source.notePath}::${s.id}`, s]));
	for (const job of o.jobs ?? o.plan.jobs) {
		const key = `${job.notePath}::${job.shotId}`;
		if (job.status !== "ready" || seen.has(key)) continue;
		seen.add(key);
		const shot = shots.get(key);
		const spec = o.plan.models[`${job.provider}/${job.model}`] ?? getModelSpec(job.provider, job.model);
		const label = getProviderInfo(job.provider)?.label ?? job.provider;
		if (!shot || !spec || spec.image === "none") continue;
		const at = where(job.notePath, job.line, job.shotId);
		const native = job.nativeReferences !== undefined;
		const listed = matrixSources(native ? { ...shot, references: [] } : shot, firstFrameSheets(shot, job.sheets));
		const explicit = shot.references.length > 0 || shot.image !== undefined;
		// Character sheets sent as references (run/sheets.ts) are checked like the shot's own.
		const sheetRefs = job.sheets && (job.sheets.rule === "native" || job.sheets.rule === "matrix-reference") ? job.sheets.sent.map((s) => s.raw) : [];
		const extra = [...(shot.lastFrame !== undefined ? [shot.lastFrame] : []), ...(native ? shot.references : []), ...sheetRefs];
		const raws = [...(listed.length ? listed.map((l) => l.raw) : shot.image !== undefined ? [shot.image] : []), ...extra];
		const single = !shot.keyframe && listed.length <= 1;
		let vaultImages = 0;
		for (const raw of raws) {
			const r = referenceFor(raw, job.notePath);
			if (!r.ok) {
				problems.push(`${at}: ${r.message}`);
				continue;
			}
			if (r.ref.kind !== "vault") continue;
			vaultImages++;
			// One bad path is this shot's problem: it is reported and the check goes on.
			let path: string | null;
			let bytes: Uint8Array | null;
			try {
				path = await o.ctx.resolveLink(r.ref.path, job.notePath);
				bytes = path ? await o.ctx.vault.readBinary(path) : null;
			} catch (err) {
				problems.push(t("run.ref.cannotRead", { at, path: r.ref.path, detail: err instanceof Error ? err.message : String(err) }));
				continue;
			}
			if (!path) {
				problems.push(t("run.ref.notFoundAt", { at, path: r.ref.path }));
				continue;
			}
			if (!bytes || !imageMime(bytes)) {
				problems.push(t("run.ref.notImageAt", { at, path }));
				continue;
			}
			if (single && spec.maxImageBytes !== undefined && bytes.length > spec.maxImageBytes) {
				problems.push(
					t("run.ref.tooLargeAt", {
						at,
						path,
						size: (bytes.length / 1024 / 1024).toFixed(1),
						provider: label,
						max: (spec.maxImageBytes / 1024 / 1024).toFixed(1),
					}),
				);
			}
		}
		const needsUpload = spec.image === "url" && (shot.keyframe || listed.length >= 2 || vaultImages > 0);
		if (needsUpload && !o.hasUploader && (explicit || shot.keyframe)) {
			problems.push(t("run.ref.urlOnlyAt", { at, provider: label }));
		}
		if (shot.keyframe && !o.hasGeminiKey) problems.push(t("run.keyframe.noKeyAt", { at }));
	}
	return problems;
}
