// Baseline for bench/libs/codecs.ts: src/core/image/jpeg.ts as it was before the codecs became a port (git show e6fa9f9:src/core/image/jpeg.ts). Not shipped.
/**
 * A compact baseline JPEG decoder in pure TypeScript: Huffman-coded sequential
 * DCT (SOF0/SOF1, 8-bit), grayscale or YCbCr/RGB, any sampling factors (4:4:4,
 * 4:2:2, 4:2:0, …), interleaved or single-component scans, restart markers, and
 * the EXIF orientation tag. Progressive, arithmetic-coded, 12-bit, lossless and
 * CMYK files are refused with a message that says what to do instead.
 * Chroma is upsampled by pixel replication (no "fancy" smoothing).
 */
import { createImage, ImageError, MAX_PIXELS, type RgbaImage } from "./raster";

const ZIGZAG = new Int32Array([
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43,
	36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** IDCT basis: COS[u * 8 + x] = C(u) cos((2x + 1)uπ / 16) / 2. */
const COS = (() => {
	const t = new Float64Array(64);
	for (let u = 0; u < 8; u++) {
		for (let x = 0; x < 8; x++) t[u * 8 + x] = ((u === 0 ? Math.SQRT1_2 : 1) * Math.cos(((2 * x + 1) * u * Math.PI) / 16)) / 2;
	}
	return t;
})();

interface Huffman {
	maxcode: Int32Array;
	valptr: Int32Array;
	mincode: Int32Array;
	values: Uint8Array;
}

interface Component {
	id: number;
	h: number;
	v: number;
	tq: number;
	/** Blocks per line / column covering the component's own pixels. */
	blocksPerLine: number;
	blocksPerColumn: number;
	/** Blocks per line / column including the MCU padding. */
	bplMcu: number;
	bpcMcu: number;
	coeffs: Int16Array;
	pred: number;
	dc?: Huffman;
	ac?: Huffman;
}

interface Frame {
	width: number;
	height: number;
	comps: Component[];
	maxH: number;
	maxV: number;
	mcusPerLine: number;
	mcusPerColumn: number;
}

export function isJpeg(bytes: Uint8Array): boolean {
	return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
	const maxcode = new Int32Array(18).fill(-1);
	const valptr = new Int32Array(17);
	const mincode = new Int32Array(17);
	let code = 0;
	let k = 0;
	for (let l = 1; l <= 16; l++) {
		const n = counts[l - 1]!;
		valptr[l] = k;
		mincode[l] = code;
		code += n;
		k += n;
		maxcode[l] = n ? code - 1 : -1;
		code <<= 1;
	}
	return { maxcode, valptr, mincode, values };
}

const unsupported = (what: string) =>
	new ImageError(`${what} JPEG images are not supported for stitching in the CLI; save the image as a baseline JPEG or a PNG (the Obsidian plugin stitches it with the canvas)`);

class Reader {
	pos: number;
	private buf = 0;
	private cnt = 0;
	/** A marker was reached inside entropy-coded data; zeros are fed from here on. */
	private stalled = false;

	constructor(
		private readonly data: Uint8Array,
		start: number,
	) {
		this.pos = start;
	}

	bit(): number {
		if (this.cnt === 0) {
			if (this.stalled || this.pos >= this.data.length) {
				this.stalled = true;
				return 0;
			}
			const b = this.data[this.pos]!;
			if (b === 0xff) {
				const next = this.data[this.pos + 1];
				if (next === 0) this.pos += 2;
				else {
					this.stalled = true;
					return 0;
				}
			} else this.pos++;
			this.buf = b;
			this.cnt = 8;
		}
		this.cnt--;
		return (this.buf >> this.cnt) & 1;
	}

	receive(n: number): number {
		let v = 0;
		for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
		return v;
	}

	extend(n: number): number {
		if (n === 0) return 0;
		if (n > 16) throw new ImageError("JPEG data is corrupt (coefficient size over 16 bits)");
		const v = this.receive(n);
		return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
	}

	decode(t: Huffman): number {
		let code = 0;
		for (let l = 1; l <= 16; l++) {
			code = (code << 1) | this.bit();
			if (code <= t.maxcode[l]!) return t.values[t.valptr[l]! + code - t.mincode[l]!]!;
		}
		throw new ImageError("JPEG data is corrupt (bad Huffman code)");
	}

	/** Skips to just past the next RSTn marker (restart interval boundary). */
	restart(): void {
		this.cnt = 0;
		this.stalled = false;
		while (this.pos + 1 < this.data.length) {
			if (this.data[this.pos] === 0xff && this.data[this.pos + 1]! >= 0xd0 && this.data[this.pos + 1]! <= 0xd7) {
				this.pos += 2;
				return;
			}
			if (this.data[this.pos] === 0xff && this.data[this.pos + 1] !== 0 && this.data[this.pos + 1] !== 0xff) return;
			this.pos++;
		}
	}

	/** Position of the marker that ends this scan. */
	end(): number {
		let p = this.pos;
		while (p + 1 < this.data.length) {
			if (this.data[p] === 0xff) {
				const m = this.data[p + 1]!;
				if (m !== 0 && m !== 0xff && !(m >= 0xd0 && m <= 0xd7)) return p;
			}
			p++;
		}
		return this.data.length;
	}
}

function decodeBlock(r: Reader, c: Component, offset: number): void {
	const t = r.decode(c.dc!);
	c.pred += r.extend(t);
	const out = c.coeffs;
	out[offset] = c.pred;
	for (let k = 1; k < 64; ) {
		const rs = r.decode(c.ac!);
		const s = rs & 15;
		const run = rs >> 4;
		if (s === 0) {
			if (run < 15) return;
			k += 16;
			continue;
		}
		k += run;
		if (k > 63) throw new ImageError("JPEG data is corrupt (coefficient index past 63)");
		out[offset + ZIGZAG[k]!] = r.extend(s);
		k++;
	}
}

function decodeScan(data: Uint8Array, start: number, frame: Frame, comps: Component[], restartInterval: number): number {
	const r = new Reader(data, start);
	for (const c of comps) c.pred = 0;
	const single = comps.length === 1;
	const c0 = comps[0]!;
	const total = single ? c0.blocksPerLine * c0.blocksPerColumn : frame.mcusPerLine * frame.mcusPerColumn;
	for (let n = 0; n < total; n++) {
		if (restartInterval && n > 0 && n % restartInterval === 0) {
			r.restart();
			for (const c of comps) c.pred = 0;
		}
		if (single) {
			const row = Math.floor(n / c0.blocksPerLine);
			const col = n % c0.blocksPerLine;
			decodeBlock(r, c0, (row * c0.bplMcu + col) * 64);
			continue;
		}
		const mcuRow = Math.floor(n / frame.mcusPerLine);
		const mcuCol = n % frame.mcusPerLine;
		for (const c of comps) {
			for (let v = 0; v < c.v; v++) {
				for (let h = 0; h < c.h; h++) {
					const row = mcuRow * c.v + v;
					const col = mcuCol * c.h + h;
					decodeBlock(r, c, (row * c.bplMcu + col) * 64);
				}
			}
		}
	}
	return r.end();
}

/** Dequantizes and inverse-transforms every block of a component into an 8-bit plane. */
function componentPlane(c: Component, q: Uint16Array): { data: Uint8Array; width: number } {
	const width = c.bplMcu * 8;
	const plane = new Uint8Array(width * c.bpcMcu * 8);
	const f = new Float64Array(64);
	const tmp = new Float64Array(64);
	for (let br = 0; br < c.bpcMcu; br++) {
		for (let bc = 0; bc < c.bplMcu; bc++) {
			const off = (br * c.bplMcu + bc) * 64;
			for (let i = 0; i < 64; i++) f[i] = c.coeffs[off + i]! * q[i]!;
			// Rows: tmp[v][x] = Σu COS[u][x] · F[v][u]
			for (let v = 0; v < 8; v++) {
				for (let x = 0; x < 8; x++) {
					let s = 0;
					for (let u = 0; u < 8; u++) s += COS[u * 8 + x]! * f[v * 8 + u]!;
					tmp[v * 8 + x] = s;
				}
			}
			// Columns: out[y][x] = Σv COS[v][y] · tmp[v][x]
			for (let y = 0; y < 8; y++) {
				const rowOff = (br * 8 + y) * width + bc * 8;
				for (let x = 0; x < 8; x++) {
					let s = 0;
					for (let v = 0; v < 8; v++) s += COS[v * 8 + y]! * tmp[v * 8 + x]!;
					const px = Math.round(s + 128);
					plane[rowOff + x] = px < 0 ? 0 : px > 255 ? 255 : px;
				}
			}
		}
	}
	return { data: plane, width };
}

/** EXIF orientation (1–8) from an APP1 segment, or 1. */
function exifOrientation(seg: Uint8Array): number {
	if (seg.length < 14 || String.fromCharCode(...seg.subarray(0, 4)) !== "Exif") return 1;
	const t = 6;
	const little = seg[t] === 0x49;
	const u16 = (o: number) => (little ? seg[o]! | (seg[o + 1]! << 8) : (seg[o]! << 8) | seg[o + 1]!);
	const u32 = (o: number) => (little ? (seg[o]! | (seg[o + 1]! << 8) | (seg[o + 2]! << 16) | (seg[o + 3]! << 24)) >>> 0 : ((seg[o]! << 24) | (seg[o + 1]! << 16) | (seg[o + 2]! << 8) | seg[o + 3]!) >>> 0);
	const ifd = t + u32(t + 4);
	if (ifd + 2 > seg.length) return 1;
	const n = u16(ifd);
	for (let i = 0; i < n; i++) {
		const e = ifd + 2 + i * 12;
		if (e + 12 > seg.length) break;
		if (u16(e) === 0x0112) {
			const v = u16(e + 8);
			return v >= 1 && v <= 8 ? v : 1;
		}
	}
	return 1;
}

/** Applies an EXIF orientation so the image shows the way the camera meant. */
export function orient(img: RgbaImage, o: number): RgbaImage {
	if (o <= 1 || o > 8) return img;
	const W = img.width;
	const H = img.height;
	const swap = o >= 5;
	const out = createImage(swap ? H : W, swap ? W : H);
	const s = img.data;
	const d = out.data;
	for (let y = 0; y < out.height; y++) {
		for (let x = 0; x < out.width; x++) {
			let sx: number;
			let sy: number;
			switch (o) {
				case 2:
					[sx, sy] = [W - 1 - x, y];
					break;
				case 3:
					[sx, sy] = [W - 1 - x, H - 1 - y];
					break;
				case 4:
					[sx, sy] = [x, H - 1 - y];
					break;
				case 5:
					[sx, sy] = [y, x];
					break;
				case 6:
					[sx, sy] = [y, H - 1 - x];
					break;
				case 7:
					[sx, sy] = [W - 1 - y, H - 1 - x];
					break;
				default:
					[sx, sy] = [W - 1 - y, x];
			}
			const so = (sy * W + sx) * 4;
			const o4 = (y * out.width + x) * 4;
			d[o4] = s[so]!;
			d[o4 + 1] = s[so + 1]!;
			d[o4 + 2] = s[so + 2]!;
			d[o4 + 3] = s[so + 3]!;
		}
	}
	return out;
}

/** Decodes a baseline JPEG into 8-bit RGBA (opaque), honouring the EXIF orientation. */
export function decodeJpeg(data: Uint8Array): RgbaImage {
	if (!isJpeg(data)) throw new ImageError("not a JPEG file");
	const qt: Uint16Array[] = [];
	const dcTables: Huffman[] = [];
	const acTables: Huffman[] = [];
	let frame: Frame | undefined;
	let restartInterval = 0;
	let adobe: number | undefined;
	let jfif = false;
	let orientation = 1;
	let scans = 0;
	let pos = 2;
	for (;;) {
		while (pos < data.length && data[pos] !== 0xff) pos++;
		while (pos < data.length && data[pos] === 0xff) pos++;
		if (pos >= data.length) break;
		const marker = data[pos++]!;
		if (marker === 0xd9) break;
		if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
		if (pos + 2 > data.length) throw new ImageError("JPEG file is truncated");
		const len = (data[pos]! << 8) | data[pos + 1]!;
		const seg = data.subarray(pos + 2, pos + len);
		if (seg.length !== len - 2) throw new ImageError("JPEG file is truncated");
		const next = pos + len;
		switch (marker) {
			case 0xdb: {
				for (let p = 0; p < seg.length; ) {
					const pq = seg[p]! >> 4;
					const tq = seg[p]! & 15;
					p++;
					const table = new Uint16Array(64);
					for (let i = 0; i < 64; i++) {
						table[ZIGZAG[i]!] = pq ? (seg[p + i * 2]! << 8) | seg[p + i * 2 + 1]! : seg[p + i]!;
					}
					p += pq ? 128 : 64;
					qt[tq] = table;
				}
				break;
			}
			case 0xc4: {
				for (let p = 0; p < seg.length; ) {
					const tc = seg[p]! >> 4;
					const th = seg[p]! & 15;
					const counts = seg.subarray(p + 1, p + 17);
					const total = counts.reduce((a, b) => a + b, 0);
					const values = seg.slice(p + 17, p + 17 + total);
					(tc === 0 ? dcTables : acTables)[th] = buildHuffman(counts, values);
					p += 17 + total;
				}
				break;
			}
			case 0xdd:
				restartInterval = (seg[0]! << 8) | seg[1]!;
				break;
			case 0xc0:
			case 0xc1: {
				if (seg[0] !== 8) throw unsupported(`${seg[0]}-bit`);
				const height = (seg[1]! << 8) | seg[2]!;
				const width = (seg[3]! << 8) | seg[4]!;
				if (!width || !height) throw new ImageError("JPEG without a fixed height (DNL) is not supported");
				if (width * height > MAX_PIXELS) throw new ImageError(`JPEG of ${width}x${height} pixels is too large`);
				const n = seg[5]!;
				const comps: Component[] = [];
				for (let i = 0; i < n; i++) {
					const o = 6 + i * 3;
					const h = seg[o + 1]! >> 4;
					const v = seg[o + 1]! & 15;
					if (h < 1 || h > 4 || v < 1 || v > 4) throw new ImageError("JPEG sampling factors are not valid");
					comps.push({ id: seg[o]!, h, v, tq: seg[o + 2]!, blocksPerLine: 0, blocksPerColumn: 0, bplMcu: 0, bpcMcu: 0, coeffs: new Int16Array(0), pred: 0 });
				}
				const maxH = Math.max(...comps.map((c) => c.h));
				const maxV = Math.max(...comps.map((c) => c.v));
				const mcusPerLine = Math.ceil(width / (8 * maxH));
				const mcusPerColumn = Math.ceil(height / (8 * maxV));
				for (const c of comps) {
					c.blocksPerLine = Math.ceil(Math.ceil((width * c.h) / maxH) / 8);
					c.blocksPerColumn = Math.ceil(Math.ceil((height * c.v) / maxV) / 8);
					c.bplMcu = mcusPerLine * c.h;
					c.bpcMcu = mcusPerColumn * c.v;
					c.coeffs = new Int16Array(c.bplMcu * c.bpcMcu * 64);
				}
				frame = { width, height, comps, maxH, maxV, mcusPerLine, mcusPerColumn };
				break;
			}
			case 0xc2:
			case 0xc6:
			case 0xca:
			case 0xce:
				throw unsupported("progressive");
			case 0xc3:
			case 0xc5:
			case 0xc7:
			case 0xc9:
			case 0xcb:
			case 0xcd:
			case 0xcf:
				throw unsupported(marker === 0xc3 || marker === 0xc7 || marker === 0xcb || marker === 0xcf ? "lossless" : "arithmetic-coded");
			case 0xe0:
				if (String.fromCharCode(...seg.subarray(0, 4)) === "JFIF") jfif = true;
				break;
			case 0xe1:
				orientation = exifOrientation(seg);
				break;
			case 0xee:
				if (String.fromCharCode(...seg.subarray(0, 5)) === "Adobe") adobe = seg[11];
				break;
			case 0xda: {
				if (!frame) throw new ImageError("JPEG scan before the frame header");
				const n = seg[0]!;
				const comps: Component[] = [];
				for (let i = 0; i < n; i++) {
					const id = seg[1 + i * 2]!;
					const tables = seg[2 + i * 2]!;
					const c = frame.comps.find((x) => x.id === id);
					if (!c) throw new ImageError(`JPEG scan names an unknown component ${id}`);
					c.dc = dcTables[tables >> 4];
					c.ac = acTables[tables & 15];
					if (!c.dc || !c.ac) throw new ImageError("JPEG scan uses a Huffman table that was not defined");
					comps.push(c);
				}
				pos = decodeScan(data, next, frame, comps, restartInterval);
				scans++;
				continue;
			}
			default:
				break;
		}
		pos = next;
	}
	if (!frame || !scans) throw new ImageError("JPEG has no image data");
	const f = frame;
	if (f.comps.length !== 1 && f.comps.length !== 3) throw unsupported(f.comps.length === 4 ? "CMYK" : `${f.comps.length}-channel`);
	const planes = f.comps.map((c) => {
		const q = qt[c.tq];
		if (!q) throw new ImageError(`JPEG quantization table ${c.tq} is missing`);
		return componentPlane(c, q);
	});
	const img = createImage(f.width, f.height);
	const d = img.data;
	const rgb = f.comps.length === 3 && (adobe === 0 || (!jfif && adobe === undefined && f.comps[0]!.id === 0x52 && f.comps[1]!.id === 0x47 && f.comps[2]!.id === 0x42));
	const xs = f.comps.map((c) => Int32Array.from({ length: f.width }, (_, x) => Math.floor((x * c.h) / f.maxH)));
	for (let y = 0; y < f.height; y++) {
		const rows = f.comps.map((c, i) => Math.floor((y * c.v) / f.maxV) * planes[i]!.width);
		for (let x = 0; x < f.width; x++) {
			const o = (y * f.width + x) * 4;
			d[o + 3] = 255;
			const Y = planes[0]!.data[rows[0]! + xs[0]![x]!]!;
			if (f.comps.length === 1) {
				d[o] = Y;
				d[o + 1] = Y;
				d[o + 2] = Y;
				continue;
			}
			const b = planes[1]!.data[rows[1]! + xs[1]![x]!]!;
			const c = planes[2]!.data[rows[2]! + xs[2]![x]!]!;
			if (rgb) {
				d[o] = Y;
				d[o + 1] = b;
				d[o + 2] = c;
				continue;
			}
			const cb = b - 128;
			const cr = c - 128;
			d[o] = clamp(Y + 1.402 * cr);
			d[o + 1] = clamp(Y - 0.344136 * cb - 0.714136 * cr);
			d[o + 2] = clamp(Y + 1.772 * cb);
		}
	}
	return orient(img, orientation);
}

function clamp(v: number): number {
	const r = Math.round(v);
	return r < 0 ? 0 : r > 255 ? 255 : r;
}
