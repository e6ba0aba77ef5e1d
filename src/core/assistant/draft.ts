/**
 * Script → storyboard: reads a script note, asks a chat model for shots part by
 * part, validates each answer (one repair round-trip at most per part), and
 * writes one new storyboard note next to the script. Nothing is written unless
 * every part succeeded; the script is only read.
 */
import { readFrontmatter } from "../parse/frontmatter";
import { parseMarkdown } from "../parse/note";
import { getModelSpec, getProviderInfo } from "../providers/catalog";
import { createRedactor, snippet, type Redactor } from "../redact";
import type { Settings } from "../settings";
import type { Orientation } from "../types";
import { normalizeVaultPath, stemOf } from "../paths";
import type { HttpPort } from "../../ports/http";
import { chunkScript, DEFAULT_CHARS_PER_TOKEN, type ScriptChunk } from "./chunk";
import { DraftError } from "./errors";
import { createStoryboardNote, storyboardPath, type DraftVault } from "./output";
import { repairPrompt, systemPrompt, userPrompt } from "./prompts";
import { callChat, type ChatEndpoint, type ChatMessage } from "./request";
import { cleanShot, IdAllocator, proposeBible, quoteForMessage, renderStoryboard, sanitizeName, visible, type RenderedShot } from "./render";
import { checkAnswer, type DraftAnswer } from "./schema";
import { formatValues, language, t } from "../i18n";

export interface DraftDefaults {
	/** The note's default duration (front matter); omitted when undefined. */
	duration?: number;
	orientation: Orientation;
	/** Durations the configured provider/model allows; drafted durations snap to these. Empty = any. */
	durations: readonly number[];
	/** For messages, e.g. "sorahk/sora-2". */
	target?: string;
}

export interface DraftOptions {
	scriptPath: string;
	vault: DraftVault;
	http: HttpPort;
	/** The assistant's own key; null = not configured. */
	apiKey: string | null;
	/** Message when the key is missing (says where the adapter looks for it). */
	missingKey?: string;
	baseUrl: string;
	model: string;
	defaults: DraftDefaults;
	/** Script tokens per request; default 3000. */
	chunkTokens?: number;
	charsPerToken?: number;
	/** Refuse scripts that need more requests than this; default 100. */
	maxChunks?: number;
	timeoutMs?: number;
	signal?: AbortSignal;
	onProgress?: (e: DraftProgress) => void;
}

export type DraftProgress = { kind: "chunk"; index: number; total: number } | { kind: "repair"; index: number; total: number; errors: string[] };

export interface DraftResult {
	/** Vault path of the new storyboard note. */
	path: string;
	shots: number;
	chunks: number;
	repairs: number;
	characters: string[];
	warnings: string[];
}

export const DEFAULT_CHUNK_TOKENS = 3000;
export const DEFAULT_MAX_CHUNKS = 100;

/** The draft defaults implied by the plugin/CLI settings (provider, model, duration, orientation). */
export function draftDefaultsFrom(settings: Settings): DraftDefaults {
	const provider = settings.provider;
	const info = getProviderInfo(provider);
	const model = settings.providers[provider]?.model ?? info?.defaultModel ?? "";
	const spec = getModelSpec(provider, model);
	const out: DraftDefaults = {
		orientation: settings.defaults.orientation,
		durations: spec?.durations ?? [],
		target: spec ? `${provider}/${model}` : provider,
	};
	const d = settings.defaults.duration ?? spec?.defaultDuration;
	if (d !== undefined) out.duration = d;
	return out;
}

function snap(d: number, allowed: readonly number[]): number {
	let best = allowed[0] ?? d;
	for (const a of allowed) if (Math.abs(a - d) < Math.abs(best - d) || (Math.abs(a - d) === Math.abs(best - d) && a > best)) best = a;
	return best;
}

async function draftChunk(
	opts: DraftOptions,
	ep: ChatEndpoint,
	redact: Redactor,
	system: string,
	scriptName: string,
	chunk: ScriptChunk,
	total: number,
	usedIds: readonly string[],
	knownNames: readonly string[],
): Promise<{ answer: DraftAnswer; repaired: boolean }> {
	const messages: ChatMessage[] = [
		{ role: "system", content: system },
		{ role: "user", content: userPrompt(scriptName, { chunk, total, usedIds, knownNames }) },
	];
	const first = await callChat(opts.http, ep, messages, redact, opts.signal);
	const check = checkAnswer(first.content);
	if (check.ok) return { answer: check.answer, repaired: false };
	const errors = first.finishReason === "length" ? [t("assistant.cutOff"), ...check.errors] : check.errors;
	opts.onProgress?.({ kind: "repair", index: chunk.index, total, errors: errors.map((e) => visible(redact(e))) });
	messages.push({ role: "assistant", content: first.content }, { role: "user", content: repairPrompt(errors) });
	const second = await callChat(opts.http, ep, messages, redact, opts.signal);
	const again = checkAnswer(second.content);
	if (again.ok) return { answer: again.answer, repaired: true };
	const details = (second.finishReason === "length" ? [t("assistant.cutOffLower"), ...again.errors] : again.errors).map((e) =>
		visible(snippet(e, redact, 300)),
	);
	throw new DraftError(
		"invalid-answer",
		t("assistant.stillInvalid", { part: chunk.index + 1, total, details: details.map((d) => `  - ${d}`).join("\n") }),
		details,
	);
}

/** Drafts the storyboard of one script note. Throws DraftError; writes nothing on failure. */
export async function draftStoryboard(opts: DraftOptions): Promise<DraftResult> {
	const redact = createRedactor([opts.apiKey]);
	const scriptPath = normalizeVaultPath(opts.scriptPath);
	if (!opts.apiKey || opts.apiKey.trim() === "") {
		throw new DraftError("no-key", opts.missingKey ?? t("assistant.noKey"));
	}
	const ep: ChatEndpoint = { baseUrl: opts.baseUrl, model: opts.model, apiKey: opts.apiKey.trim(), timeoutMs: opts.timeoutMs };
	if (!opts.model.trim()) throw new DraftError("input", t("assistant.noModel"));
	const text = await opts.vault.read(scriptPath);
	if (text === null) throw new DraftError("input", t("assistant.noScript", { path: scriptPath }));
	const fm = readFrontmatter(scriptPath, text);
	const chunks = chunkScript(text.slice(fm.bodyOffset), {
		budgetTokens: opts.chunkTokens ?? DEFAULT_CHUNK_TOKENS,
		charsPerToken: opts.charsPerToken ?? DEFAULT_CHARS_PER_TOKEN,
	});
	if (!chunks.length) throw new DraftError("input", t("assistant.emptyScript", { path: scriptPath }));
	const maxChunks = opts.maxChunks ?? DEFAULT_MAX_CHUNKS;
	if (chunks.length > maxChunks) {
		throw new DraftError(
			"input",
			t("assistant.tooManyChunks", { path: scriptPath, chunks: chunks.length, tokens: opts.chunkTokens ?? DEFAULT_CHUNK_TOKENS, max: maxChunks }),
		);
	}
	const scriptName = stemOf(scriptPath);
	const system = systemPrompt({
		scriptName,
		durations: opts.defaults.durations,
		defaultDuration: opts.defaults.duration,
		orientation: opts.defaults.orientation,
	});

	const ids = new IdAllocator();
	const warnings: string[] = [];
	const answers: DraftAnswer[] = [];
	const shots: RenderedShot[] = [];
	const rawShots: Array<{ answer: number; shot: number; heading?: string }> = [];
	let repairs = 0;
	const knownNames: string[] = [];
	for (const chunk of chunks) {
		opts.onProgress?.({ kind: "chunk", index: chunk.index, total: chunks.length });
		const { answer, repaired } = await draftChunk(opts, ep, redact, system, scriptName, chunk, chunks.length, ids.list(), knownNames);
		if (repaired) repairs++;
		answers.push(answer);
		answer.shots.forEach((s, i) => {
			const { id, changed } = ids.take(s.rawId);
			if (changed) warnings.push(t("assistant.idChanged", { part: chunk.index + 1, raw: redact(quoteForMessage(s.rawId)), id }));
			rawShots.push({ answer: answers.length - 1, shot: i, heading: chunk.heading });
			shots.push({ id, input: {}, heading: chunk.heading });
		});
		for (const c of answer.characters) {
			const name = sanitizeName(c.name);
			if (name && !knownNames.includes(name)) knownNames.push(name);
		}
	}

	const { characters, names } = proposeBible(answers);
	const allowed = opts.defaults.durations;
	rawShots.forEach((ref, k) => {
		const src = answers[ref.answer]?.shots[ref.shot];
		const out = shots[k];
		if (!src || !out) return;
		const input = cleanShot(src.input, names);
		if (input.duration !== undefined && allowed.length && !allowed.includes(input.duration)) {
			const to = snap(input.duration, allowed);
			const params = { shot: out.id, duration: input.duration, allowed: formatValues(language(), allowed.map(String)), to };
			warnings.push(
				opts.defaults.target ? t("assistant.durationSnappedFor", { ...params, target: opts.defaults.target }) : t("assistant.durationSnapped", params),
			);
			input.duration = to;
		}
		if (input.duration !== undefined && input.duration === opts.defaults.duration) delete input.duration;
		if (!input.prompt) input.prompt = t("assistant.noPrompt");
		out.input = input;
	});
	if (!shots.length) throw new DraftError("invalid-answer", t("assistant.noShots", { path: scriptPath }));

	const note = renderStoryboard({
		scriptPath,
		scriptName,
		model: opts.model,
		defaults: { duration: opts.defaults.duration, orientation: opts.defaults.orientation },
		characters,
		shots,
	});
	// The note must read back exactly as drafted with the project's own parser.
	const parsed = parseMarkdown(storyboardPath(scriptPath), note);
	const bad = [...parsed.issues.filter((i) => i.severity === "error").map((i) => i.message), ...parsed.shots.flatMap((s) => (s.ok ? [] : [s.error]))];
	if (bad.length || parsed.shots.length !== shots.length) {
		throw new DraftError("write", t("assistant.notClean", { issues: bad.slice(0, 3).join("; ") }));
	}
	const path = await createStoryboardNote(opts.vault, scriptPath, note);
	return { path, shots: shots.length, chunks: chunks.length, repairs, characters: characters.map((c) => c.name), warnings };
}
