/**
 * Vault path helpers and the output-name sanitizer. Pure and mobile-safe.
 * A sanitized segment is safe on Windows, macOS, Linux, Android and iOS, cannot
 * climb out of its folder and is never hidden.
 */
import { problem, type Problem } from "./parse/errors";
import { fnv1a32 } from "./hash";
import { redactPatterns } from "./redact";
import type { ReferenceSpec } from "./types";

/** Longest file or folder name produced by `sanitizeSegment` (before the extension). */
export const MAX_SEGMENT = 100;

// Bidi overrides/isolates, zero-width and other invisible format characters.
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// Illegal on Windows (<>:"/\|?*) plus #^[] which break Obsidian links. Control
// characters are handled in `replaceIllegal` (a regex over them trips no-control-regex).
const ILLEGAL_CHARS = new Set(["<", ">", ":", '"', "/", "\\", "|", "?", "*", "#", "^", "[", "]"]);

function replaceIllegal(s: string): string {
	let out = "";
	for (const ch of s) {
		const code = ch.charCodeAt(0);
		const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
		out += control || ILLEGAL_CHARS.has(ch) ? "_" : ch;
	}
	return out;
}
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Mirrors Obsidian's normalizePath: one '/', no leading/trailing '/', NBSP → space, NFC. */
export function normalizeVaultPath(p: string): string {
	let out = p.replace(/[\\/]+/g, "/").replace(/^\/+|\/+$/g, "");
	if (out === "") out = "/";
	return out.replace(/[\u00A0\u202F]/g, " ").normalize("NFC");
}

/** Joins vault path parts with '/', ignoring empty parts and the root "/". */
export function joinVault(...parts: string[]): string {
	const kept = parts.filter((p) => p !== "" && p !== "/");
	return kept.length ? normalizeVaultPath(kept.join("/")) : "/";
}

/** Folder part of a vault path ("" for the vault root). */
export function folderOf(path: string): string {
	const p = normalizeVaultPath(path);
	const i = p.lastIndexOf("/");
	return i < 0 ? "" : p.slice(0, i);
}

/** File name with its extension. */
export function basenameOf(path: string): string {
	const p = normalizeVaultPath(path);
	return p.slice(p.lastIndexOf("/") + 1);
}

/** File name without its last extension ("storyboard_ep1.json" → "storyboard_ep1"). */
export function stemOf(path: string): string {
	const base = basenameOf(path);
	const dot = base.lastIndexOf(".");
	return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Resolves `rel` against `folder` ('.' and '..' handled). Returns null when the
 * result would leave the vault. A leading '/' means the vault root.
 */
export function resolveInVault(folder: string, rel: string): string | null {
	const start = /^[\\/]/.test(rel) ? [] : folder.split("/");
	const out: string[] = [];
	for (const seg of [...start, ...rel.split(/[\\/]+/)]) {
		if (seg === "" || seg === ".") continue;
		if (seg === "..") {
			if (!out.length) return null;
			out.pop();
			continue;
		}
		out.push(seg);
	}
	return out.length ? normalizeVaultPath(out.join("/")) : null;
}

/** Cuts `s` to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(s: string, max: number): string {
	if (s.length <= max) return s;
	let end = max;
	const code = s.charCodeAt(end - 1);
	if (code >= 0xd800 && code <= 0xdbff) end--;
	return s.slice(0, end);
}

/**
 * Makes one path segment (a file or folder name) safe. Never returns "", "." or
 * "..", never contains '/', never starts with '.', never ends with '.' or a space,
 * never is a Windows device name. Names longer than `max` are cut and get a short
 * hash of the original so distinct long names stay distinct.
 */
export function sanitizeSegment(name: string, max = MAX_SEGMENT): string {
	let s = String(name).normalize("NFC").replace(INVISIBLE, "");
	s = replaceIllegal(s).replace(/\s+/g, " ").trim();
	s = s.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
	if (s === "") s = "_";
	const stem = s.split(".")[0] ?? s;
	if (RESERVED.test(stem.trim())) s = "_" + s;
	if (s.length > max || utf8Length(s) > MAX_SEGMENT_BYTES) {
		const suffix = "-" + fnv1a32(String(name));
		s = cutBytes(cut(s, max - suffix.length), MAX_SEGMENT_BYTES - suffix.length).replace(/[.\s]+$/, "") + suffix;
	}
	return s;
}

/**
 * Longest sanitized segment in UTF-8 bytes: file systems limit names to 255 bytes
 * (not characters), and `.take10.mp4` or a temp suffix still has to fit.
 */
export const MAX_SEGMENT_BYTES = 200;

function utf8Bytes(codePoint: number): number {
	return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

function utf8Length(s: string): number {
	let n = 0;
	for (const ch of s) n += utf8Bytes(ch.codePointAt(0) ?? 0);
	return n;
}

/** Cuts `s` to at most `maxBytes` UTF-8 bytes, on a code point boundary. */
function cutBytes(s: string, maxBytes: number): string {
	let n = 0;
	let out = "";
	for (const ch of s) {
		n += utf8Bytes(ch.codePointAt(0) ?? 0);
		if (n > maxBytes) break;
		out += ch;
	}
	return out;
}

/** Keeps the note's own folder as it is, only dropping '.', '..' and empty parts. */
function safeFolder(folder: string): string {
	return folder
		.split("/")
		.filter((seg) => seg !== "" && seg !== "." && seg !== "..")
		.join("/");
}

/**
 * `<folder of sourcePath>/<output>/<stem of sourcePath>`: where the videos of a note
 * (or a storyboard JSON file) go. `output` and the stem are sanitized as one segment each.
 */
export function outputFolderFor(sourcePath: string, output: string): string {
	// Vault paths separate folders with '/' only: a '\\' in a note's name (legal on
	// Linux and macOS) is part of the name, not a folder to create.
	const p = sourcePath.replace(/^\/+/, "");
	const slash = p.lastIndexOf("/");
	const base = p.slice(slash + 1);
	const dot = base.lastIndexOf(".");
	const stem = dot > 0 ? base.slice(0, dot) : base;
	return joinVault(safeFolder(slash < 0 ? "" : normalizeVaultPath(p.slice(0, slash))), sanitizeSegment(output), sanitizeSegment(stem));
}

/** The `cineflow.output` value that picks Obsidian's attachment location for a note. */
export const ATTACHMENTS_OUTPUT = "attachments";

/** Whether a note's videos go to Obsidian's attachment location (its own `output`, else the setting). */
export function usesAttachments(output: string | undefined, settings: { outputLocation: "sibling" | "attachments" }): boolean {
	if (output !== undefined) return output.trim().toLowerCase() === ATTACHMENTS_OUTPUT;
	return settings.outputLocation === "attachments";
}

/**
 * The attachment folder of a note from Obsidian's "Default location for new
 * attachments" (`attachmentFolderPath` in `.obsidian/app.json`): "/" or unset is the
 * vault root, "./" the note's folder, "./sub" a folder under it, anything else a
 * vault folder. A value that would leave the vault is the vault root.
 */
export function attachmentFolderFromSetting(notePath: string, setting: string | undefined): string {
	const v = (setting ?? "/").trim();
	if (v === "" || v === "/") return "";
	const noteFolder = folderOf(notePath);
	if (v === "." || v === "./" || v.startsWith("./")) return resolveInVault(noteFolder, v.slice(2)) ?? noteFolder;
	return resolveInVault("", v) ?? "";
}

/**
 * Where a note's videos go in attachment mode: the attachment folder, then the
 * note's own folder path when the attachment folder is not inside the note's
 * folder (so two notes named alike never share one), then the note's name.
 */
export function attachmentOutputFolder(notePath: string, attachmentFolder: string): string {
	const p = notePath.replace(/^\/+/, "");
	const base = p.slice(p.lastIndexOf("/") + 1);
	const dot = base.lastIndexOf(".");
	const stem = sanitizeSegment(dot > 0 ? base.slice(0, dot) : base);
	const noteFolder = safeFolder(folderOf(p));
	const folder = safeFolder(attachmentFolder === "/" ? "" : attachmentFolder);
	const local = noteFolder === "" ? true : folder === noteFolder || folder.startsWith(noteFolder + "/");
	return joinVault(folder, local ? "" : noteFolder, stem);
}

const PLAIN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `<folder>/<id>.mp4`, or `<folder>/<id>.take<N>.mp4` for takes 2 and later. */
export function outputPathFor(folder: string, shotId: string, take: number): string {
	// Fast path for the usual ids (already safe unless a device name like "con").
	const safe = PLAIN_ID.test(shotId) && !RESERVED.test(shotId) ? shotId : sanitizeSegment(shotId);
	const name = safe + (take > 1 ? `.take${take}` : "") + ".mp4";
	return joinVault(folder, name);
}

/** A user-written reference quoted for a message, with secrets masked. */
function shown(raw: string): string {
	return redactPatterns(JSON.stringify(raw.length > 80 ? raw.slice(0, 79) + "…" : raw));
}

/** The image of a shot as planned, or why it cannot be used. */
/** A refused reference: `message` says why, in the current language. */
export type ReferenceResult = { ok: true; ref: ReferenceSpec } | { ok: false; message: string };
/** The same, with the refusal as a problem (stable code and text). */
export type ReferenceCheck = { ok: true; ref: ReferenceSpec } | { ok: false; problem: Problem };

function refused(code: "parse.image.outside" | "parse.image.absolute" | "parse.image.scheme", raw: string): ReferenceCheck {
	return { ok: false, problem: problem(code, { value: shown(raw) }) };
}

const WIKILINK = /^!?\[\[([^\]|#^]+)(?:[#^][^\]|]*)?(?:\|[^\]]*)?\]\]$/;
const MD_IMAGE = /^!?\[[^\]]*\]\(\s*<?([^)>]+?)>?\s*\)$/;

/**
 * Reads a reference as written in a shot: `[[link]]` / `![[embed]]` (link text kept,
 * the adapter resolves it), `![](path)`, an http(s) URL, or a path relative to the
 * note's folder (a leading '/' means the vault root).
 */
export function referenceFor(raw: string, notePath: string): ReferenceResult {
	const r = checkReference(raw, notePath);
	return r.ok ? r : { ok: false, message: r.problem.text };
}

/** `referenceFor` with the refusal as a problem (its catalog code and text). */
export function checkReference(raw: string, notePath: string): ReferenceCheck {
	const s = raw.trim();
	const link = WIKILINK.exec(s);
	if (link?.[1]) {
		// A link is vault-relative (or a file name); one that climbs out of the vault is refused here,
		// so the message names the shot instead of failing the whole run later.
		const inVault = resolveInVault("", link[1].trim());
		if (inVault === null) return refused("parse.image.outside", raw);
		return { ok: true, ref: { kind: "vault", path: normalizeVaultPath(link[1].trim()) } };
	}
	let target = s;
	const md = MD_IMAGE.exec(s);
	if (md?.[1]) {
		target = md[1].trim();
		try {
			target = decodeURI(target);
		} catch {
			// keep it as written
		}
	}
	if (/^https?:\/\/[^\s/]+/i.test(target)) return { ok: true, ref: { kind: "url", url: target } };
	if (/^[A-Za-z]:[\\/]/.test(target) || target.startsWith("\\\\")) {
		return refused("parse.image.absolute", raw);
	}
	if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target)) {
		return refused("parse.image.scheme", raw);
	}
	const resolved = resolveInVault(safeFolder(folderOf(notePath)), target);
	if (resolved === null) return refused("parse.image.outside", raw);
	return { ok: true, ref: { kind: "vault", path: resolved } };
}
