/**
 * The leak scanner of the secret-leak audit, shared so other suites (the chaos
 * soak) can run the same check over their outputs:
 *
 *   const leaks = await scanTree(KEY, vaultDir, { stdout, stderr });
 *   expect(leaks).toEqual([]);
 */
import { promises as fs } from "node:fs";
import path from "node:path";

export interface Leak {
	where: string;
	what: string;
	excerpt: string;
}

/** The key in every form it could leak in, plus a distinctive prefix (a cut key). */
export function needles(key: string): Array<[string, string]> {
	const out: Array<[string, string]> = [
		["key", key],
		["key (base64)", Buffer.from(key).toString("base64")],
		["key (url-encoded)", encodeURIComponent(key)],
		["Bearer header", `Bearer ${key}`],
	];
	// A cut key: its first 16 characters after a 3-character prefix like "sk-".
	if (key.length >= 20) out.splice(1, 0, ["key (partial)", key.slice(3, 19)]);
	return out;
}

/**
 * A signature value that is not masked (Azure sig, OSS/CloudFront Signature, AWS, GCS), in a
 * signed URL or echoed outside one (`sig=…&se=…` quoted in an error body).
 */
export const SIGNATURE = /(?<![A-Za-z0-9_.-])(?:sig|signature|x-amz-signature|x-goog-signature)=(?!\*\*\*|%2A%2A%2A)[^&\s"'<>\\\])]+/gi;

/** A JSON Web Token that is not masked (Kling's per-request tokens are signed with the secret key). */
export const JWT = /\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}/g;

export function scanText(key: string, where: string, text: string, leaks: Leak[]): void {
	for (const [what, needle] of needles(key)) {
		for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1))
			leaks.push({ where, what, excerpt: text.slice(Math.max(0, i - 80), i + needle.length + 20) });
	}
	for (const m of text.matchAll(SIGNATURE))
		leaks.push({ where, what: "URL signature", excerpt: text.slice(Math.max(0, (m.index ?? 0) - 80), (m.index ?? 0) + m[0].length) });
	for (const m of text.matchAll(JWT)) leaks.push({ where, what: "JWT", excerpt: text.slice(Math.max(0, (m.index ?? 0) - 80), (m.index ?? 0) + m[0].length) });
}

/** Scans every file under `dir` (as UTF-8 and as Latin-1) and the given streams. */
export async function scanTree(key: string, dir: string, streams: Record<string, string> = {}): Promise<{ leaks: Leak[]; files: number; bytes: number }> {
	const leaks: Leak[] = [];
	let bytes = 0;
	let files = 0;
	for (const [name, text] of Object.entries(streams)) {
		scanText(key, name, text, leaks);
		bytes += text.length;
	}
	for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
		if (!e.isFile()) continue;
		const full = path.join(e.parentPath, e.name);
		const buf = await fs.readFile(full);
		const rel = path.relative(dir, full).split(path.sep).join("/");
		scanText(key, rel, buf.toString("utf8"), leaks);
		scanText(key, rel, buf.toString("latin1"), leaks);
		files++;
		bytes += buf.length;
	}
	return { leaks, files, bytes };
}
