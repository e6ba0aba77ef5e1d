/**
 * Test-side readers for the simulator's clips, written from the specs rather than
 * from the encoder: MP4 boxes (ISO/IEC 14496-12), the avcC record (14496-15), and an
 * H.264 reader for exactly the subset the clips use (I_PCM and P_Skip, CAVLC), which
 * rebuilds each picture's luma plane so tests can look at the pixels.
 */

export interface Box {
	type: string;
	/** Payload (after the 8-byte header). */
	body: Uint8Array;
	/** Offset of the payload in the file. */
	start: number;
	children: Box[];
}

const CONTAINERS = new Set(["moov", "trak", "mdia", "minf", "dinf", "stbl"]);
const dec = new TextDecoder();

export function u32(b: Uint8Array, o: number): number {
	return (((b[o] ?? 0) << 24) >>> 0) + ((b[o + 1] ?? 0) << 16) + ((b[o + 2] ?? 0) << 8) + (b[o + 3] ?? 0);
}
export function u16(b: Uint8Array, o: number): number {
	return ((b[o] ?? 0) << 8) + (b[o + 1] ?? 0);
}

export function parseBoxes(b: Uint8Array, from = 0, to = b.length, base = 0): Box[] {
	const out: Box[] = [];
	let o = from;
	while (o < to) {
		const size = u32(b, o);
		if (size < 8 || o + size > to) throw new Error(`bad box size ${size} at ${base + o}`);
		const type = dec.decode(b.subarray(o + 4, o + 8));
		const body = b.subarray(o + 8, o + size);
		out.push({ type, body, start: base + o + 8, children: CONTAINERS.has(type) ? parseBoxes(body, 0, body.length, base + o + 8) : [] });
		o += size;
	}
	return out;
}

export function find(boxes: Box[], path: string): Box {
	let cur: Box[] = boxes;
	let hit: Box | undefined;
	for (const t of path.split("/")) {
		hit = cur.find((x) => x.type === t);
		if (!hit) throw new Error(`no ${t} in ${path}`);
		cur = hit.children;
	}
	if (!hit) throw new Error(`empty path`);
	return hit;
}

export interface ClipInfo {
	brand: string;
	movieTimescale: number;
	movieDuration: number;
	width: number;
	height: number;
	mediaTimescale: number;
	mediaDuration: number;
	handler: string;
	codec: string;
	avcC: { version: number; profile: number; compat: number; level: number; lengthSize: number; sps: Uint8Array; pps: Uint8Array };
	stts: { count: number; delta: number }[];
	sync: number[];
	sizes: number[];
	chunkOffsets: number[];
	samplesPerChunk: number;
	/** Each sample's NAL units (length-prefixed in the file). */
	samples: Uint8Array[][];
	mdat: Box;
}

export function readClip(file: Uint8Array): ClipInfo {
	const top = parseBoxes(file);
	const mvhd = find(top, "moov/mvhd").body;
	const tkhd = find(top, "moov/trak/tkhd").body;
	const mdhd = find(top, "moov/trak/mdia/mdhd").body;
	const hdlr = find(top, "moov/trak/mdia/hdlr").body;
	const stbl = "moov/trak/mdia/minf/stbl";
	const stsd = find(top, `${stbl}/stsd`).body;
	// stsd: version/flags, entry_count, then the sample entry box; avc1 has 78 bytes before its child boxes.
	const entry = parseBoxes(stsd, 8, stsd.length)[0];
	if (!entry) throw new Error("no sample entry");
	const avcCBox = parseBoxes(entry.body, 78, entry.body.length).find((x) => x.type === "avcC");
	if (!avcCBox) throw new Error("no avcC");
	const a = avcCBox.body;
	const spsLen = u16(a, 6);
	const sps = a.subarray(8, 8 + spsLen);
	const ppsLen = u16(a, 9 + spsLen);
	const pps = a.subarray(11 + spsLen, 11 + spsLen + ppsLen);
	const stts = find(top, `${stbl}/stts`).body;
	const stss = find(top, `${stbl}/stss`).body;
	const stsz = find(top, `${stbl}/stsz`).body;
	const stco = find(top, `${stbl}/stco`).body;
	const stsc = find(top, `${stbl}/stsc`).body;
	const n = u32(stsz, 8);
	const sizes = Array.from({ length: n }, (_, i) => u32(stsz, 12 + 4 * i));
	const chunkOffsets = Array.from({ length: u32(stco, 4) }, (_, i) => u32(stco, 8 + 4 * i));
	const samples: Uint8Array[][] = [];
	let o = chunkOffsets[0] ?? 0;
	for (const size of sizes) {
		const nals: Uint8Array[] = [];
		for (let p = o; p < o + size;) {
			const len = u32(file, p);
			nals.push(file.subarray(p + 4, p + 4 + len));
			p += 4 + len;
		}
		samples.push(nals);
		o += size;
	}
	const mdat = top.find((x) => x.type === "mdat");
	if (!mdat) throw new Error("no mdat");
	return {
		brand: dec.decode(top[0]?.body.subarray(0, 4)),
		movieTimescale: u32(mvhd, 12),
		movieDuration: u32(mvhd, 16),
		width: u32(tkhd, 76) / 65536,
		height: u32(tkhd, 80) / 65536,
		mediaTimescale: u32(mdhd, 12),
		mediaDuration: u32(mdhd, 16),
		handler: dec.decode(hdlr.subarray(8, 12)),
		codec: entry.type,
		avcC: { version: a[0] ?? 0, profile: a[1] ?? 0, compat: a[2] ?? 0, level: a[3] ?? 0, lengthSize: ((a[4] ?? 0) & 3) + 1, sps, pps },
		stts: Array.from({ length: u32(stts, 4) }, (_, i) => ({ count: u32(stts, 8 + 8 * i), delta: u32(stts, 12 + 8 * i) })),
		sync: Array.from({ length: u32(stss, 4) }, (_, i) => u32(stss, 8 + 4 * i)),
		sizes,
		chunkOffsets,
		samplesPerChunk: u32(stsc, 12),
		samples,
		mdat,
	};
}

/** RBSP of a NAL unit: header byte dropped, emulation_prevention_three_byte removed (§7.4.1). */
export function rbspOf(nal: Uint8Array): Uint8Array {
	const out: number[] = [];
	let zeros = 0;
	for (let i = 1; i < nal.length; i++) {
		const b = nal[i] ?? 0;
		if (zeros >= 2 && b === 3) {
			zeros = 0;
			continue;
		}
		out.push(b);
		zeros = b === 0 ? zeros + 1 : 0;
	}
	return new Uint8Array(out);
}

export class BitReader {
	pos = 0;
	constructor(private readonly b: Uint8Array) {}
	bit(): number {
		const v = ((this.b[this.pos >> 3] ?? 0) >> (7 - (this.pos & 7))) & 1;
		this.pos++;
		return v;
	}
	u(n: number): number {
		let v = 0;
		for (let i = 0; i < n; i++) v = v * 2 + this.bit();
		return v;
	}
	ue(): number {
		let lz = 0;
		while (this.bit() === 0) if (++lz > 31) throw new Error("bad ue(v)");
		return 2 ** lz - 1 + this.u(lz);
	}
	se(): number {
		const k = this.ue();
		return k % 2 ? (k + 1) / 2 : -k / 2;
	}
	align(): void {
		this.pos = (this.pos + 7) & ~7;
	}
	get bitsLeft(): number {
		return this.b.length * 8 - this.pos;
	}
	/** more_rbsp_data(): anything but the stop bit and its zero padding left. */
	moreData(): boolean {
		if (this.bitsLeft <= 0) return false;
		let last = this.b.length * 8 - 1;
		while (last >= this.pos && (((this.b[last >> 3] ?? 0) >> (7 - (last & 7))) & 1) === 0) last--;
		return last > this.pos;
	}
}

export interface SpsInfo {
	profile: number;
	constraints: number;
	level: number;
	log2MaxFrameNum: number;
	pocType: number;
	maxRefFrames: number;
	widthMbs: number;
	heightMbs: number;
	frameMbsOnly: number;
	crop: boolean;
	vui: number;
}

/** seq_parameter_set_data() for profile 66 (§7.3.2.1.1). */
export function readSps(nal: Uint8Array): SpsInfo {
	const r = new BitReader(rbspOf(nal));
	const profile = r.u(8);
	const constraints = r.u(8);
	const level = r.u(8);
	r.ue();
	const log2MaxFrameNum = r.ue() + 4;
	const pocType = r.ue();
	if (pocType !== 2) throw new Error(`pic_order_cnt_type ${pocType} not read by this test reader`);
	const maxRefFrames = r.ue();
	r.bit();
	const widthMbs = r.ue() + 1;
	const heightMbs = r.ue() + 1;
	const frameMbsOnly = r.bit();
	r.bit();
	const crop = r.bit() === 1;
	if (crop) for (let i = 0; i < 4; i++) r.ue();
	const vui = r.bit();
	return { profile, constraints, level, log2MaxFrameNum, pocType, maxRefFrames, widthMbs, heightMbs, frameMbsOnly, crop, vui };
}

export interface Decoded {
	/** Luma plane per picture, in decoding (= output) order. */
	lumas: Uint8Array[];
	/** The chroma planes (Cb, Cr) per picture. */
	chromas: [Uint8Array, Uint8Array][];
	/** Macroblocks sent as I_PCM per picture. */
	coded: number[];
	/** Macroblocks sent as Intra_16x16 prediction without residual per picture. */
	predicted: number[];
	frameNums: number[];
}

/** Reads coeff_token and requires TotalCoeff 0 (Table 9-5 rows for TrailingOnes 0, TotalCoeff 0). */
function readNoCoefficients(r: BitReader, nC: number): void {
	const [n, code] = nC < 2 ? [1, 1] : nC < 4 ? [2, 3] : nC < 8 ? [4, 15] : [6, 3];
	const got = r.u(n);
	if (got !== code) throw new Error(`coeff_token ${got.toString(2)} (nC ${nC}) is not TotalCoeff 0`);
}

/**
 * Decodes the clips' subset: IDR I slices of I_PCM and of Intra_16x16 vertical or
 * horizontal prediction without residual (§8.3.3, §8.3.4.3/4), P slices of mb_skip_run
 * and I_PCM (a skipped macroblock copies the previous picture: its vector is 0 and
 * deblocking is off). Throws on anything else.
 */
export function decodeLuma(info: ClipInfo): Decoded {
	const sps = readSps(info.avcC.sps);
	const w = sps.widthMbs * 16;
	const h = sps.heightMbs * 16;
	const mbs = sps.widthMbs * sps.heightMbs;
	let prev = { y: new Uint8Array(w * h), u: new Uint8Array((w * h) / 4), v: new Uint8Array((w * h) / 4) };
	const out: Decoded = { lumas: [], chromas: [], coded: [], predicted: [], frameNums: [] };
	for (const nals of info.samples) {
		const nal = nals.find((x) => ((x[0] ?? 0) & 31) === 5 || ((x[0] ?? 0) & 31) === 1);
		if (!nal) throw new Error("sample without a slice");
		const idr = ((nal[0] ?? 0) & 31) === 5;
		const r = new BitReader(rbspOf(nal));
		if (r.ue() !== 0) throw new Error("first_mb_in_slice ≠ 0");
		const type = r.ue() % 5;
		if (type !== (idr ? 2 : 0)) throw new Error(`slice_type ${type} in a ${idr ? "IDR" : "non-IDR"} NAL`);
		r.ue();
		const frameNum = r.u(sps.log2MaxFrameNum);
		if (idr) r.ue();
		else r.u(2); // num_ref_idx_active_override_flag, ref_pic_list_modification_flag_l0
		r.u(idr ? 2 : 1); // dec_ref_pic_marking
		r.se();
		if (r.ue() !== 1) throw new Error("deblocking is on: P_Skip would not be a plain copy");
		const pic = { y: prev.y.slice(), u: prev.u.slice(), v: prev.v.slice() };
		const planes: [Uint8Array, number, number][] = [
			[pic.y, w, 16],
			[pic.u, w / 2, 8],
			[pic.v, w / 2, 8],
		];
		const total = new Array<number>(mbs).fill(0);
		let coded = 0;
		let predicted = 0;
		const pcm = (mb: number) => {
			r.align();
			const mx = mb % sps.widthMbs;
			const my = Math.floor(mb / sps.widthMbs);
			for (const [p, stride, n] of planes) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) p[(my * n + y) * stride + mx * n + x] = r.u(8);
			total[mb] = 16;
			coded++;
		};
		const intra16 = (mb: number, vertical: boolean) => {
			const mx = mb % sps.widthMbs;
			const my = Math.floor(mb / sps.widthMbs);
			const chromaMode = r.ue();
			if (chromaMode !== (vertical ? 2 : 1)) throw new Error(`intra_chroma_pred_mode ${chromaMode} with luma ${vertical ? "vertical" : "horizontal"}`);
			if (r.se() !== 0) throw new Error("mb_qp_delta ≠ 0");
			const nA = mx > 0 ? total[mb - 1] : undefined;
			const nB = my > 0 ? total[mb - sps.widthMbs] : undefined;
			readNoCoefficients(r, nA !== undefined && nB !== undefined ? (nA + nB + 1) >> 1 : (nA ?? nB ?? 0));
			if (vertical ? my === 0 : mx === 0) throw new Error("prediction from a missing neighbour");
			for (const [p, stride, n] of planes) {
				for (let y = 0; y < n; y++) {
					for (let x = 0; x < n; x++) {
						const X = mx * n + x;
						const Y = my * n + y;
						p[Y * stride + X] = vertical ? (p[(my * n - 1) * stride + X] ?? 0) : (p[Y * stride + mx * n - 1] ?? 0);
					}
				}
			}
			predicted++;
		};
		let mb = 0;
		while (mb < mbs) {
			if (!idr) {
				mb += r.ue();
				if (mb >= mbs) break;
			}
			const mbType = r.ue();
			if (mbType === (idr ? 25 : 30)) pcm(mb++);
			else if (idr && (mbType === 1 || mbType === 2)) intra16(mb++, mbType === 1);
			else throw new Error(`mb_type ${mbType} is outside the clips' subset`);
			if (!idr && mb < mbs && !r.moreData()) throw new Error("slice ended early");
		}
		if (r.moreData()) throw new Error("data after the last macroblock");
		out.lumas.push(pic.y);
		out.chromas.push([pic.u, pic.v]);
		out.coded.push(coded);
		out.predicted.push(predicted);
		out.frameNums.push(frameNum);
		prev = pic;
	}
	return out;
}
