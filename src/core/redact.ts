/**
 * Redaction: every error, log line, notice and run event passes through here
 * before anyone can see it. It removes the configured keys (as given, URL-encoded
 * and base64'd for Basic auth), anything shaped like a bearer token or a known key
 * format, and the signature parts of signed URLs.
 */

export type Redactor = (text: string) => string;

const MASK = "***";

// Order matters: header forms first, then key shapes, then signed-URL query values.
const PATTERNS: Array<[RegExp, string]> = [
	[/(authorization\s*[:=]\s*"?)(bearer|basic|token)\s+[^\s",;}]+/gi, `$1$2 ${MASK}`],
	[/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${MASK}`],
	[/((?:x-goog-api-key|x-api-key|api-key|apikey)\s*["']?\s*[:=]\s*["']?)[^\s"',;}&]+/gi, `$1${MASK}`],
	[/\b(sk|sora|xai|pk|rk)-[A-Za-z0-9_-]{8,}/g, `$1-${MASK}`],
	[/\bAIza[0-9A-Za-z_-]{20,}/g, `AIza${MASK}`],
	// JSON Web Tokens (three base64url segments, the header starting `{"`): Kling's
	// per-request tokens are signed with the secret key and carry the access key.
	[/\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, `eyJ${MASK}`],
	// Signed URL parameters: Azure SAS (sig), AWS (X-Amz-Signature, X-Amz-Credential,
	// X-Amz-Security-Token), GCS (X-Goog-Signature), generic signature/token/key.
	[
		/([?&](?:sig|signature|token|access_token|key|api_key|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|se?cret)=)[^&#\s"'<>]*/gi,
		`$1${MASK}`,
	],
	// The same signature parameters echoed outside a URL (an error body quoting
	// `sig=…&se=…`): any position not preceded by a name character. No lookbehind,
	// so the pattern also compiles on older mobile WebViews.
	[
		/(^|[^A-Za-z0-9_.-])((?:sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential)=)(?!\*\*\*)[^&#\s"'<>)\]},;]+/gim,
		`$1$2${MASK}`,
	],
];

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function base64(s: string): string {
	const bytes = new TextEncoder().encode(s);
	let bin = "";
	for (const b of bytes) bin += String.fromCharCode(b);
	return btoa(bin);
}

/**
 * Builds a redactor for a set of secrets. Secrets shorter than 6 characters are
 * still removed literally (a short test key must not leak either).
 */
export function createRedactor(secrets: Iterable<string | null | undefined> = []): Redactor {
	const literals = new Set<string>();
	for (const s of secrets) {
		if (!s) continue;
		const t = s.trim();
		if (!t) continue;
		literals.add(t);
		literals.add(encodeURIComponent(t));
		try {
			literals.add(base64(t));
		} catch {
			// not encodable; the literal form is enough
		}
	}
	const sorted = [...literals].sort((a, b) => b.length - a.length).map(escapeRegExp);
	const literalRe = sorted.length ? new RegExp(sorted.join("|"), "g") : null;
	return (text: string): string => {
		if (!text) return text;
		let out = literalRe ? text.replace(literalRe, MASK) : text;
		for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
		return out;
	};
}

/** Pattern-only redaction, for places that have no key at hand. */
export const redactPatterns: Redactor = createRedactor();

/** Redacts every string inside a JSON-like value (for run events and journals). */
export function redactDeep<T>(value: T, redact: Redactor): T {
	if (typeof value === "string") return redact(value) as T;
	if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact)) as T;
	if (value && typeof value === "object") {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v, redact);
		return out as T;
	}
	return value;
}

/** First `n` characters of a body, redacted, for error messages about unexpected responses. */
export function snippet(text: string, redact: Redactor, n = 200): string {
	const flat = text.replace(/\s+/g, " ").trim();
	const r = redact(flat);
	return r.length > n ? r.slice(0, n) + "…" : r;
}
