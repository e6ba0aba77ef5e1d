// Baseline for bench/libs/codecs.ts: src/core/image/zlib.ts as it was before the codecs became a port (git show e6fa9f9:src/core/image/zlib.ts). Not shipped.
/**
 * zlib (RFC 1950) through the platform's CompressionStream / DecompressionStream
 * ('deflate' is zlib-wrapped deflate). Both exist in browsers, Obsidian mobile
 * and Node ≥ 18 without imports; they are asynchronous.
 */
import { ImageError } from "./raster";

async function pump(stream: { readable: ReadableStream<Uint8Array>; writable: WritableStream<BufferSource> }, data: Uint8Array, limit: number): Promise<Uint8Array> {
	const writer = stream.writable.getWriter();
	// Write and read concurrently (backpressure); a write error surfaces through the reader.
	const written = writer
		.write(new Uint8Array(data))
		.then(() => writer.close())
		.catch(() => undefined);
	const reader = stream.readable.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.length;
			if (total > limit) {
				await reader.cancel().catch(() => undefined);
				throw new ImageError(`decompressed image data exceeds ${Math.round(limit / 1e6)} MB`);
			}
			chunks.push(value);
		}
	} finally {
		await written;
	}
	const out = new Uint8Array(total);
	let off = 0;
	for (const c of chunks) {
		out.set(c, off);
		off += c.length;
	}
	return out;
}

function streams(): { C: typeof CompressionStream; D: typeof DecompressionStream } {
	if (typeof CompressionStream === "undefined" || typeof DecompressionStream === "undefined") {
		throw new ImageError("this platform has no CompressionStream/DecompressionStream, so PNG images cannot be read or written here");
	}
	return { C: CompressionStream, D: DecompressionStream };
}

export async function inflate(data: Uint8Array, limit = 400 * 1024 * 1024): Promise<Uint8Array> {
	const { D } = streams();
	try {
		return await pump(new D("deflate"), data, limit);
	} catch (err) {
		if (err instanceof ImageError) throw err;
		throw new ImageError(`the compressed image data is corrupt (${err instanceof Error ? err.message : String(err)})`);
	}
}

export async function deflate(data: Uint8Array): Promise<Uint8Array> {
	const { C } = streams();
	return pump(new C("deflate"), data, Number.MAX_SAFE_INTEGER);
}
