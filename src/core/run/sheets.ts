/**
 * Character reference sheets: the images of the bible characters a shot names
 * (its `characters:` or `[Name]` in the prompt; a character's `image:` may be one
 * image or a list), and how they travel, decided once per shot from the model's
 * capabilities at planning time:
 *
 * - `native`: the model takes several reference images (caps.maxReferences > 1):
 *   the sheets follow the shot's own `references:`, cut to the model's limit; the
 *   ones left over are named in a warning.
 * - `matrix-reference`: the model takes one reference image (maxReferences = 1):
 *   the sheets (after the shot's own reference, if any) are stitched into one
 *   matrix sent as that reference.
 * - `matrix-first-frame`: the model takes images only as the first frame
 *   (maxReferences = 0): the sheets go into the reference matrix sent as the first
 *   frame, as before; with `image:` and `references:` both set, into their matrix.
 * - `keyframe`: the shot makes a keyframe and the model cannot take references
 *   next to it: the sheets are the keyframe's input images.
 * - `first-frame-wins`: THE RULE for the capability exclusion. The shot has its own
 *   first frame (`first_frame:`/`image:`, or a chained frame) and the model takes no
 *   reference images together with a first frame (caps.firstFrameWithReferences
 *   false, or images only as the first frame): the first frame is sent as it is and
 *   the sheets are left out with a warning. A first frame is never replaced by or
 *   folded into a matrix, since it fixes the shot's composition and its continuity
 *   with the shot before.
 * - `no-images`: the model takes no image at all; the sheets are left out with a warning.
 *
 * The plan carries the result as data (`PlannedJob.sheets`); the dry run names the
 * rule from it, and the reference preparation follows it.
 */
import { language, t, type MessageKey, type Said } from "../i18n";
import { formatValues } from "../i18n/format";
import { where } from "../parse/errors";
import { referenceFor } from "../paths";
import type { ModelSpec, ReferenceInput } from "../providers/types";
import type { Redactor } from "../redact";
import type { PlannedJob, Shot } from "../types";
import type { PrepareReferenceRequest } from "./options";
import { ReferenceError, resolveReference, type ReferenceContext } from "./references";

export interface SheetImage {
	character: string;
	/** As written in the bible: a link, a path from the vault root ('/…'), or a URL. */
	raw: string;
	/** The matrix label: the character's name, numbered when it has several images. */
	label: string;
}

export type SheetRule = "native" | "matrix-reference" | "matrix-first-frame" | "keyframe" | "first-frame-wins" | "no-images";

/** Why sheet images were left out. */
export type SheetDrop = "limit" | "first-frame" | "no-images";

export interface SheetPlan {
	rule: SheetRule;
	/** Sent: native references, cells of the matrix, or the keyframe's inputs (per `rule`). */
	sent: SheetImage[];
	/** Left out (with `leftBecause`). */
	left: SheetImage[];
	leftBecause?: SheetDrop;
	/** The model's native reference slots and how many the shot's own `references:` take. */
	slots: { max: number; own: number };
}

/** What the dry run says each rule does (catalog keys). */
export const SHEET_RULE_TEXT = {
	native: "run.sheets.rule.native",
	"matrix-reference": "run.sheets.rule.matrixReference",
	"matrix-first-frame": "run.sheets.rule.matrixFirstFrame",
	keyframe: "run.sheets.rule.keyframe",
	"first-frame-wins": "run.sheets.rule.firstFrameWins",
	"no-images": "run.sheets.rule.noImages",
} as const satisfies Record<SheetRule, MessageKey>;

/** The sheet images of a shot's cast, in cast order, without the images the shot already lists itself. */
export function sheetImages(shot: Pick<Shot, "cast" | "image" | "references">): SheetImage[] {
	const seen = new Set<string>([...(shot.image !== undefined ? [shot.image.trim()] : []), ...shot.references.map((r) => r.trim())]);
	const out: SheetImage[] = [];
	for (const c of shot.cast ?? []) {
		const images = (c.images ?? []).map((i) => i.trim()).filter((i) => i !== "" && !seen.has(i));
		images.forEach((raw, i) => {
			seen.add(raw);
			out.push({ character: c.name, raw, label: images.length > 1 ? `${c.name} ${i + 1}` : c.name });
		});
	}
	return out;
}

/** The shot has a first frame of its own: `first_frame:`/`image:`, a chained frame, or a keyframe. */
function ownFirstFrame(shot: Pick<Shot, "image" | "chain" | "keyframe">): boolean {
	return shot.image !== undefined || shot.chain !== undefined || shot.keyframe;
}

/**
 * How a shot's sheets travel to its model; undefined when the shot's cast has no images.
 * `ownNative`: how many of the shot's own `references:` the model takes natively.
 */
export function planSheets(shot: Shot, spec: ModelSpec, ownNative: number): SheetPlan | undefined {
	const sheets = sheetImages(shot);
	if (!sheets.length) return undefined;
	const c = spec.caps;
	const slots = { max: c.maxReferences, own: ownNative };
	const drop = (rule: SheetRule, why: SheetDrop): SheetPlan => ({ rule, sent: [], left: sheets, leftBecause: why, slots });
	const sendAll = (rule: SheetRule): SheetPlan => ({ rule, sent: sheets, left: [], slots });
	if (spec.image === "none") return drop("no-images", "no-images");
	const first = ownFirstFrame(shot);
	if (c.maxReferences > 0) {
		if (first && !c.firstFrameWithReferences) return shot.keyframe ? sendAll("keyframe") : drop("first-frame-wins", "first-frame");
		if (c.maxReferences === 1) return sendAll("matrix-reference");
		const free = Math.max(0, c.maxReferences - ownNative);
		const plan: SheetPlan = { rule: "native", sent: sheets.slice(0, free), left: sheets.slice(free), slots };
		if (plan.left.length) plan.leftBecause = "limit";
		return plan;
	}
	if (shot.keyframe) return sendAll("keyframe");
	// `image:` with `references:` asks for one matrix of everything; `image:` alone is a first frame.
	if (first && !(shot.image !== undefined && shot.references.length > 0)) return drop("first-frame-wins", "first-frame");
	return sendAll("matrix-first-frame");
}

function names(images: readonly SheetImage[]): string {
	return formatValues(
		language(),
		images.map((i) => t("run.sheets.image", { label: i.label, raw: i.raw })),
	);
}

/** The warning for sheet images left out, naming note:line:shot and each image; undefined when none was. */
export function sheetWarning(plan: SheetPlan, at: { notePath: string; line: number; shotId: string }, model: string): string | undefined {
	if (!plan.left.length) return undefined;
	const w = where(at.notePath, at.line, at.shotId);
	switch (plan.leftBecause) {
		case "limit":
			return t(plan.slots.own ? "run.sheets.limitOwn" : "run.sheets.limit", {
				at: w,
				model,
				count: plan.slots.max,
				own: plan.slots.own,
				left: names(plan.left),
			});
		case "first-frame":
			return t(plan.slots.max > 0 ? "run.sheets.firstFrameWins" : "run.sheets.firstFrameOnly", { at: w, model, left: names(plan.left) });
		default:
			return t("run.sheets.noImages", { at: w, model, left: names(plan.left) });
	}
}

/** One dry-run line per shot with sheets: what the rule did with them. */
export function sheetSummary(jobs: ReadonlyArray<{ notePath: string; line: number; shotId: string; sheets?: SheetPlan }>): string[] {
	const lines: string[] = [];
	const seen = new Set<string>();
	for (const j of jobs) {
		const key = `${j.notePath}::${j.shotId}`;
		if (!j.sheets || seen.has(key)) continue;
		seen.add(key);
		const s = j.sheets;
		const lang = language();
		const sent = formatValues(
			lang,
			s.sent.map((i) => i.label),
		);
		const left = formatValues(
			lang,
			s.left.map((i) => i.label),
		);
		const form = s.sent.length ? (s.left.length ? "run.sheets.summarySentLeft" : "run.sheets.summarySent") : "run.sheets.summaryLeft";
		lines.push(t(form, { at: where(j.notePath, j.line, j.shotId), rule: s.rule, text: t(SHEET_RULE_TEXT[s.rule]), sent, left }));
	}
	return lines;
}

export interface SheetSendOptions {
	job: PlannedJob;
	shot: Shot | undefined;
	spec: ModelSpec;
	refCtx: ReferenceContext;
	/** The runner's prepareReference hook, which stitches the matrix of `matrix-reference`. */
	prepare?: (req: PrepareReferenceRequest) => Promise<ReferenceInput | undefined>;
	redact: Redactor;
	signal?: AbortSignal;
	warn(message: Said): void;
}

/**
 * The sheet images a create carries as `references`: each image (`native`, after the
 * shot's own references), or the one matrix that takes the model's single slot
 * (`matrix-reference`, which then replaces the shot's own reference: it is one of its
 * cells). Undefined when the sheets go another way or nowhere. Sheets are a bonus: on
 * a URL-only provider without an uploader, vault sheets are left out with a warning.
 * Other problems (a missing image) fail the shot, naming note:line:shot.
 */
export async function sheetReferences(o: SheetSendOptions): Promise<{ refs: ReferenceInput[]; replace: boolean } | undefined> {
	const { job, spec, refCtx } = o;
	const plan = job.sheets;
	if (!plan?.sent.length || (plan.rule !== "native" && plan.rule !== "matrix-reference")) return undefined;
	const at = where(job.notePath, job.line, job.shotId);
	const parsed = plan.sent.map((s) => ({ s, r: referenceFor(s.raw, job.notePath) }));
	if (spec.image === "url" && !refCtx.upload && parsed.some((p) => !p.r.ok || p.r.ref.kind === "vault" || plan.rule === "matrix-reference")) {
		o.warn({ code: "run.sheets.notSent", params: { at, provider: refCtx.providerLabel } });
		return undefined;
	}
	try {
		if (plan.rule === "matrix-reference") {
			if (!o.prepare) return undefined;
			const m = await o.prepare({ job, shot: o.shot, spec, refCtx, redact: o.redact, signal: o.signal, purpose: "sheets" });
			return m ? { refs: [m], replace: true } : undefined;
		}
		const refs: ReferenceInput[] = [];
		for (const { s, r } of parsed) {
			if (!r.ok) throw new ReferenceError(t("run.sheets.bad", { character: s.character, message: r.message }));
			refs.push(await resolveReference(refCtx, r.ref, job.notePath, spec));
		}
		return { refs, replace: false };
	} catch (err) {
		if (err instanceof ReferenceError && err.message.startsWith(at)) throw err;
		throw new ReferenceError(o.redact(t("run.at", { at, message: err instanceof Error ? err.message : String(err) })));
	}
}
