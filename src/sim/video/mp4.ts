/**
 * A minimal MP4 (ISO/IEC 14496-12 ISO base media file format) muxer for one H.264
 * track, moov before mdat ("fast start") so a player can start before the end:
 *   ftyp · moov(mvhd · trak(tkhd · mdia(mdhd · hdlr · minf(vmhd · dinf(dref(url )) ·
 *   stbl(stsd(avc1(avcC)) · stts · stss · stsc · stsz · stco))))) · mdat
 * Samples are length-prefixed NAL units (4-byte lengths); the parameter sets live in
 * the avcC box, the AVCDecoderConfigurationRecord of ISO/IEC 14496-15 (§5.2.4.1 of the
 * 2004 edition, §5.3.2.1.2 of the 2022 one):
 * configurationVersion 1, AVCProfileIndication, profile_compatibility,
 * AVCLevelIndication, '111111'b + lengthSizeMinusOne (3), '111'b +
 * numOfSequenceParameterSets, 16-bit length + SPS, numOfPictureParameterSets,
 * 16-bit length + PPS.
 */

export interface Mp4Track {
	width: number;
	height: number;
	/** Units per second of the sample durations. */
	timescale: number;
	/** Duration of each sample, in `timescale` units (one stts entry). */
	sampleDelta: number;
	/** Each sample: the NAL units of one access unit (without length prefixes). */
	samples: Uint8Array[][];
	/** 1-based numbers of the sync samples (IDR pictures). */
	syncSamples: number[];
	sps: Uint8Array;
	pps: Uint8Array;
	profile: number;
	compatibility: number;
	level: number;
}

const enc = new TextEncoder();

function u32(n: number): Uint8Array {
	return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}
function u16(n: number): Uint8Array {
	return new Uint8Array([(n >>> 8) & 255, n & 255]);
}
function zeros(n: number): Uint8Array {
	return new Uint8Array(n);
}
function concat(parts: readonly Uint8Array[]): Uint8Array {
	let n = 0;
	for (const p of parts) n += p.length;
	const out = new Uint8Array(n);
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

function box(type: string, ...body: Uint8Array[]): Uint8Array {
	const payload = concat(body);
	return concat([u32(8 + payload.length), enc.encode(type), payload]);
}
/** A FullBox: version and 24-bit flags before the body. */
function full(type: string, version: number, flags: number, ...body: Uint8Array[]): Uint8Array {
	return box(type, new Uint8Array([version, (flags >>> 16) & 255, (flags >>> 8) & 255, flags & 255]), ...body);
}

/** The unity transformation matrix of mvhd/tkhd (16.16 and 2.30 fixed point). */
const MATRIX = concat([u32(0x00010000), u32(0), u32(0), u32(0), u32(0x00010000), u32(0), u32(0), u32(0), u32(0x40000000)]);
const MOVIE_TIMESCALE = 1000;

function avcC(t: Mp4Track): Uint8Array {
	return box(
		"avcC",
		new Uint8Array([1, t.profile, t.compatibility, t.level, 0xff, 0xe1]),
		u16(t.sps.length),
		t.sps,
		new Uint8Array([1]),
		u16(t.pps.length),
		t.pps,
	);
}

function avc1(t: Mp4Track): Uint8Array {
	const name = zeros(32);
	name.set(enc.encode("CineFlow sim").subarray(0, 31), 1);
	name[0] = 12;
	return box(
		"avc1",
		zeros(6),
		u16(1), // data_reference_index
		zeros(16), // pre_defined, reserved, pre_defined[3]
		u16(t.width),
		u16(t.height),
		u32(0x00480000), // 72 dpi
		u32(0x00480000),
		u32(0),
		u16(1), // frame_count
		name,
		u16(0x0018), // depth
		u16(0xffff), // pre_defined = -1
		avcC(t),
	);
}

function stbl(t: Mp4Track, chunkOffset: number): Uint8Array {
	const n = t.samples.length;
	const sizes = t.samples.map((nals) => nals.reduce((s, x) => s + 4 + x.length, 0));
	return box(
		"stbl",
		full("stsd", 0, 0, u32(1), avc1(t)),
		full("stts", 0, 0, u32(1), u32(n), u32(t.sampleDelta)),
		full("stss", 0, 0, u32(t.syncSamples.length), ...t.syncSamples.map(u32)),
		full("stsc", 0, 0, u32(1), u32(1), u32(n), u32(1)),
		full("stsz", 0, 0, u32(0), u32(n), ...sizes.map(u32)),
		full("stco", 0, 0, u32(1), u32(chunkOffset)),
	);
}

function moov(t: Mp4Track, chunkOffset: number): Uint8Array {
	const mediaDuration = t.samples.length * t.sampleDelta;
	const movieDuration = Math.round((mediaDuration * MOVIE_TIMESCALE) / t.timescale);
	const mvhd = full(
		"mvhd",
		0,
		0,
		u32(0),
		u32(0),
		u32(MOVIE_TIMESCALE),
		u32(movieDuration),
		u32(0x00010000),
		u16(0x0100),
		zeros(10),
		MATRIX,
		zeros(24),
		u32(2),
	);
	const tkhd = full(
		"tkhd",
		0,
		3,
		u32(0),
		u32(0),
		u32(1),
		u32(0),
		u32(movieDuration),
		zeros(8),
		u16(0),
		u16(0),
		u16(0),
		u16(0),
		MATRIX,
		u32(t.width * 65536),
		u32(t.height * 65536),
	);
	// language "und" as three 5-bit letters (ISO 639-2/T, each minus 0x60): 0x55c4.
	const mdhd = full("mdhd", 0, 0, u32(0), u32(0), u32(t.timescale), u32(mediaDuration), u16(0x55c4), u16(0));
	const hdlr = full("hdlr", 0, 0, u32(0), enc.encode("vide"), zeros(12), enc.encode("VideoHandler\0"));
	const vmhd = full("vmhd", 0, 1, zeros(8));
	const dinf = box("dinf", full("dref", 0, 0, u32(1), full("url ", 0, 1)));
	const minf = box("minf", vmhd, dinf, stbl(t, chunkOffset));
	return box("moov", mvhd, box("trak", tkhd, box("mdia", mdhd, hdlr, minf)));
}

export function muxMp4(t: Mp4Track): Uint8Array {
	const ftyp = box("ftyp", enc.encode("isom"), u32(0x200), enc.encode("isomiso2avc1mp41"));
	// stco's offset does not change moov's size: measure with 0, then write the real one.
	const moovSize = moov(t, 0).length;
	const mdatHeader = 8;
	const offset = ftyp.length + moovSize + mdatHeader;
	const data: Uint8Array[] = [];
	for (const nals of t.samples) for (const nal of nals) data.push(u32(nal.length), nal);
	return concat([ftyp, moov(t, offset), box("mdat", ...data)]);
}
