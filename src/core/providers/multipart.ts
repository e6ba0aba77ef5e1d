/** multipart/form-data bodies for adapters that upload files (OpenAI-shaped input_reference). */

export type MultipartPart = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Uint8Array };

function quoteParam(s: string): string {
	return s.replace(/[\r\n]+/g, " ").replace(/"/g, "%22");
}

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
	outer: for (let i = 0; i + needle.length <= hay.length; i++) {
		for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
		return true;
	}
	return false;
}

/**
 * The first of `----CineFlowBoundary00000000`, `…01`, … that occurs in no part. Deterministic
 * (the core draws no random numbers): what keeps a boundary safe is that it is checked
 * against every part, and a part of n bytes can rule out at most n candidates.
 */
function boundaryFor(parts: MultipartPart[], enc: TextEncoder): string {
	for (let i = 0; ; i++) {
		const b = `----CineFlowBoundary${i.toString(16).padStart(8, "0")}`;
		const bb = enc.encode(b);
		if (!parts.some((p) => ("data" in p ? contains(p.data, bb) : p.value.includes(b)))) return b;
	}
}

/** Builds a multipart/form-data body; returns the bytes and the Content-Type with its boundary. */
export function buildMultipart(parts: MultipartPart[], boundary?: string): { body: Uint8Array; contentType: string } {
	const enc = new TextEncoder();
	const b = boundary ?? boundaryFor(parts, enc);
	const chunks: Uint8Array[] = [];
	for (const p of parts) {
		let head = `--${b}\r\nContent-Disposition: form-data; name="${quoteParam(p.name)}"`; // i18n-ignore: wire value
		if ("data" in p) {
			head += `; filename="${quoteParam(p.filename)}"\r\nContent-Type: ${p.contentType}\r\n\r\n`;
			chunks.push(enc.encode(head), p.data, enc.encode("\r\n"));
		} else {
			head += `\r\n\r\n${p.value}\r\n`;
			chunks.push(enc.encode(head));
		}
	}
	chunks.push(enc.encode(`--${b}--\r\n`));
	const total = chunks.reduce((n, c) => n + c.length, 0);
	const body = new Uint8Array(total);
	let off = 0;
	for (const c of chunks) {
		body.set(c, off);
		off += c.length;
	}
	return { body, contentType: `multipart/form-data; boundary=${b}` }; // i18n-ignore: wire value
}
