/** A small multipart/form-data reader for the simulator's create routes. */

export interface FormPart {
	name: string;
	filename?: string;
	contentType?: string;
	data: Uint8Array;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
	outer: for (let i = from; i + needle.length <= hay.length; i++) {
		for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
		return i;
	}
	return -1;
}

/** Parses a multipart body; undefined when the content type has no boundary or the body is malformed. */
export function parseMultipart(contentType: string, body: Uint8Array): FormPart[] | undefined {
	const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	const boundary = m?.[1] ?? m?.[2];
	if (!boundary) return undefined;
	const enc = new TextEncoder();
	const dec = new TextDecoder();
	const delim = enc.encode(`--${boundary}`);
	const parts: FormPart[] = [];
	let pos = indexOf(body, delim, 0);
	if (pos < 0) return undefined;
	for (;;) {
		pos += delim.length;
		// "--" after the delimiter ends the body.
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts;
		if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
		const headEnd = indexOf(body, enc.encode("\r\n\r\n"), pos);
		if (headEnd < 0) return undefined;
		const head = dec.decode(body.subarray(pos, headEnd));
		const next = indexOf(body, enc.encode(`\r\n--${boundary}`), headEnd + 4);
		if (next < 0) return undefined;
		const data = body.slice(headEnd + 4, next);
		const name = /name="([^"]*)"/i.exec(head)?.[1];
		if (name === undefined) return undefined;
		const part: FormPart = { name, data };
		const filename = /filename="([^"]*)"/i.exec(head)?.[1];
		if (filename !== undefined) part.filename = filename;
		const ct = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
		if (ct) part.contentType = ct.trim();
		parts.push(part);
		pos = next + 2;
	}
}
