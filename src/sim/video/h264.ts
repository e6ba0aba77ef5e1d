/**
 * A minimal H.264 encoder for the simulator's demo clips (ITU-T Rec. H.264 | ISO/IEC
 * 14496-10). No transform, no search: a macroblock is I_PCM (raw samples), or, in the
 * IDR, Intra_16x16 vertical/horizontal prediction with no residual where that rebuilds
 * it exactly (flat areas), or, in P pictures, P_Skip (a copy of the previous picture).
 * The stream is Constrained Baseline (profile_idc 66, constraint_set0/1) with CAVLC.
 *
 * What the spec sections say and how this file follows them:
 * - §7.3.2.1.1 seq_parameter_set_data: profile 66 carries no chroma_format_idc (4:2:0,
 *   8-bit); pic_order_cnt_type 2 (output order = decoding order, no POC in the slice
 *   header); max_num_ref_frames 1; frame_mbs_only_flag 1; cropping when the size is not
 *   a multiple of 16; no VUI (the MP4 carries the timing).
 * - §7.3.2.2 pic_parameter_set_rbsp: CAVLC, one slice group, one reference,
 *   deblocking_filter_control_present_flag 1 so each slice can turn the loop filter off
 *   (disable_deblocking_filter_idc 1, §7.4.3): P_Skip then copies its reference exactly.
 * - §7.3.3 slice_header: first_mb_in_slice, slice_type (7 = all I, 5 = all P),
 *   frame_num u(log2_max_frame_num), idr_pic_id for IDR, num_ref_idx_active_override_flag
 *   and ref_pic_list_modification_flag_l0 (§7.3.3.1) for P, dec_ref_pic_marking (§7.3.3.3:
 *   no_output_of_prior_pics_flag + long_term_reference_flag for IDR, sliding window
 *   otherwise), slice_qp_delta, disable_deblocking_filter_idc.
 * - §7.3.4 slice_data (CAVLC): in P slices, mb_skip_run ue(v) before each coded
 *   macroblock (0 when none are skipped) and once at the end for trailing skips; a
 *   macroblock ends the slice when no RBSP data follows (more_rbsp_data()).
 * - §7.3.5 macroblock_layer: mb_type ue(v); I_16x16 (flat areas of the IDR, see idrSlice)
 *   has mb_pred's intra_chroma_pred_mode, mb_qp_delta and residual()'s Intra16x16DCLevel
 *   (§7.3.5.3) but no coded_block_pattern. For I_PCM: pcm_alignment_zero_bit up
 *   to the byte boundary, 256 pcm_sample_luma and 2 × 64 pcm_sample_chroma (Cb then Cr),
 *   each u(8) (§7.4.5). Table 7-11: I_PCM is mb_type 25 in I slices; Table 7-13: intra
 *   types follow the 5 P types in P slices, so I_PCM is 30 there.
 * - §8.4.1.1 P_Skip: the motion vector is 0 when a neighbour is missing or has mv 0 with
 *   refIdx 0, and the median of three zero vectors otherwise: every vector here is 0, so a
 *   skipped macroblock is the co-located one of the previous picture.
 * - §7.3.1 / §7.4.1 NAL units with emulation prevention (see ./bits.ts).
 * Samples are limited range (Y 16–235, Cb/Cr 16–240), so no PCM sample is 0.
 */
import { BitWriter, nalUnit } from "./bits";

/** A 4:2:0 picture whose width and height are multiples of 16. */
export interface Yuv420 {
	width: number;
	height: number;
	y: Uint8Array;
	u: Uint8Array;
	v: Uint8Array;
}

export interface H264Config {
	/** Coded size (multiples of 16). */
	width: number;
	height: number;
	/** Displayed size (≤ coded); the rest is cropped (§7.4.2.1.1 frame_crop_*_offset). */
	cropWidth?: number;
	cropHeight?: number;
}

const LOG2_MAX_FRAME_NUM = 8;
/** I_PCM in an I slice (Table 7-11) and in a P slice (Table 7-13: 5 + 25). */
const I_PCM_IN_I = 25;
const I_PCM_IN_P = 30;
/** Level 2.0: 396 macroblocks per frame, 2 Mbit/s (Table A-1). */
const LEVEL_IDC = 20;
export const PROFILE_IDC = 66;
/** constraint_set0_flag and constraint_set1_flag: Constrained Baseline (§A.2.1.1). */
export const CONSTRAINT_FLAGS = 0xc0;
export { LEVEL_IDC };

export function sps(cfg: H264Config): Uint8Array {
	const w = new BitWriter(32);
	w.u(8, PROFILE_IDC).u(8, CONSTRAINT_FLAGS).u(8, LEVEL_IDC);
	w.ue(0); // seq_parameter_set_id
	w.ue(LOG2_MAX_FRAME_NUM - 4);
	w.ue(2); // pic_order_cnt_type
	w.ue(1); // max_num_ref_frames
	w.flag(false); // gaps_in_frame_num_value_allowed_flag
	w.ue(cfg.width / 16 - 1);
	w.ue(cfg.height / 16 - 1);
	w.flag(true); // frame_mbs_only_flag
	w.flag(true); // direct_8x8_inference_flag
	const cw = cfg.cropWidth ?? cfg.width;
	const ch = cfg.cropHeight ?? cfg.height;
	const crop = cw !== cfg.width || ch !== cfg.height;
	w.flag(crop);
	// 4:2:0 frame: CropUnitX = CropUnitY = 2 (§7.4.2.1.1).
	if (crop)
		w.ue(0)
			.ue((cfg.width - cw) / 2)
			.ue(0)
			.ue((cfg.height - ch) / 2);
	w.flag(false); // vui_parameters_present_flag
	return nalUnit(3, 7, w.trailing().finish());
}

export function pps(): Uint8Array {
	const w = new BitWriter(16);
	w.ue(0).ue(0); // pic_parameter_set_id, seq_parameter_set_id
	w.flag(false); // entropy_coding_mode_flag: CAVLC
	w.flag(false); // bottom_field_pic_order_in_frame_present_flag
	w.ue(0); // num_slice_groups_minus1
	w.ue(0).ue(0); // num_ref_idx_l0/l1_default_active_minus1
	w.flag(false).u(2, 0); // weighted_pred_flag, weighted_bipred_idc
	w.se(0).se(0).se(0); // pic_init_qp_minus26, pic_init_qs_minus26, chroma_qp_index_offset
	w.flag(true); // deblocking_filter_control_present_flag
	w.flag(false); // constrained_intra_pred_flag
	w.flag(false); // redundant_pic_cnt_present_flag
	return nalUnit(3, 8, w.trailing().finish());
}

function writePcm(w: BitWriter, pic: Yuv420, mb: number, scratch: Uint8Array): void {
	const mbw = pic.width / 16;
	const mx = mb % mbw;
	const my = Math.floor(mb / mbw);
	w.alignZero();
	let n = 0;
	for (let r = 0; r < 16; r++) {
		const o = (my * 16 + r) * pic.width + mx * 16;
		scratch.set(pic.y.subarray(o, o + 16), n);
		n += 16;
	}
	const cw = pic.width / 2;
	for (const plane of [pic.u, pic.v]) {
		for (let r = 0; r < 8; r++) {
			const o = (my * 8 + r) * cw + mx * 8;
			scratch.set(plane.subarray(o, o + 8), n);
			n += 8;
		}
	}
	w.bytes(scratch);
}

function sliceHeader(w: BitWriter, idr: boolean, frameNum: number): void {
	w.ue(0); // first_mb_in_slice
	w.ue(idr ? 7 : 5); // slice_type
	w.ue(0); // pic_parameter_set_id
	w.u(LOG2_MAX_FRAME_NUM, frameNum % 2 ** LOG2_MAX_FRAME_NUM);
	if (idr)
		w.ue(0); // idr_pic_id
	else w.flag(false).flag(false); // num_ref_idx_active_override_flag, ref_pic_list_modification_flag_l0
	if (idr)
		w.flag(false).flag(false); // no_output_of_prior_pics_flag, long_term_reference_flag
	else w.flag(false); // adaptive_ref_pic_marking_mode_flag: sliding window
	w.se(0); // slice_qp_delta
	w.ue(1); // disable_deblocking_filter_idc
}

/**
 * Whether Intra_16x16 prediction with no residual rebuilds macroblock (mx, my) exactly:
 * "vertical" when every row of it (Y, Cb, Cr) repeats the row just above it,
 * "horizontal" when every column repeats the column just left of it (§8.3.3, §8.3.4).
 */
export function predictable(pic: Yuv420, mx: number, my: number): "vertical" | "horizontal" | null {
	const planes: [Uint8Array, number, number][] = [
		[pic.y, pic.width, 16],
		[pic.u, pic.width / 2, 8],
		[pic.v, pic.width / 2, 8],
	];
	const same = (dir: "vertical" | "horizontal") =>
		planes.every(([p, stride, n]) => {
			const x0 = mx * n;
			const y0 = my * n;
			for (let r = 0; r < n; r++) {
				for (let c = 0; c < n; c++) {
					const ref = dir === "vertical" ? p[(y0 - 1) * stride + x0 + c] : p[(y0 + r) * stride + x0 - 1];
					if (p[(y0 + r) * stride + x0 + c] !== ref) return false;
				}
			}
			return true;
		});
	if (my > 0 && same("vertical")) return "vertical";
	if (mx > 0 && same("horizontal")) return "horizontal";
	return null;
}

/**
 * coeff_token for TotalCoeff 0, TrailingOnes 0 (Table 9-5), by nC (§9.2.1): the
 * Intra16x16DCLevel block of a macroblock with nothing to add to its prediction.
 */
function noCoefficients(w: BitWriter, nC: number): void {
	if (nC < 2) w.u(1, 1);
	else if (nC < 4) w.u(2, 3);
	else if (nC < 8) w.u(4, 15);
	else w.u(6, 3);
}

/**
 * An IDR access unit: one I slice. A macroblock that Intra_16x16 prediction rebuilds
 * exactly (a flat background, a bar's inside) is sent as I_16x16 with cbp 0
 * (mb_type 1 = vertical, 2 = horizontal, Table 7-11; intra_chroma_pred_mode 2 / 1,
 * Table 7-16), mb_qp_delta 0 and an empty Intra16x16DCLevel; every other one as I_PCM.
 * nC for that coeff_token counts an I_PCM neighbour as 16 coefficients and an
 * I_16x16 one without AC as 0 (§9.2.1).
 */
export function idrSlice(pic: Yuv420): Uint8Array {
	const mbw = pic.width / 16;
	const count = mbw * (pic.height / 16);
	const w = new BitWriter(count * 390 + 16);
	sliceHeader(w, true, 0);
	const scratch = new Uint8Array(384);
	const total = new Uint8Array(count);
	for (let mb = 0; mb < count; mb++) {
		const mx = mb % mbw;
		const my = Math.floor(mb / mbw);
		const mode = predictable(pic, mx, my);
		if (!mode) {
			w.ue(I_PCM_IN_I);
			writePcm(w, pic, mb, scratch);
			total[mb] = 16;
			continue;
		}
		w.ue(mode === "vertical" ? 1 : 2); // mb_type I_16x16_<mode>_0_0
		w.ue(mode === "vertical" ? 2 : 1); // intra_chroma_pred_mode
		w.se(0); // mb_qp_delta
		const nA = mx > 0 ? total[mb - 1] : undefined;
		const nB = my > 0 ? total[mb - mbw] : undefined;
		noCoefficients(w, nA !== undefined && nB !== undefined ? (nA + nB + 1) >> 1 : (nA ?? nB ?? 0));
	}
	return nalUnit(3, 5, w.trailing().finish());
}

/**
 * A P access unit that repeats the previous picture except the macroblocks listed in
 * `changed` (ascending addresses), which are sent as I_PCM from `pic`.
 */
export function pSlice(pic: Yuv420, frameNum: number, changed: readonly number[]): Uint8Array {
	const count = (pic.width / 16) * (pic.height / 16);
	const w = new BitWriter(changed.length * 390 + 16);
	sliceHeader(w, false, frameNum);
	const scratch = new Uint8Array(384);
	let next = 0;
	for (const mb of changed) {
		w.ue(mb - next); // mb_skip_run
		w.ue(I_PCM_IN_P);
		writePcm(w, pic, mb, scratch);
		next = mb + 1;
	}
	if (next < count) w.ue(count - next); // trailing mb_skip_run; nothing follows it
	return nalUnit(2, 1, w.trailing().finish());
}

/** Addresses of the macroblocks (from macroblock row `fromMbRow` on) whose samples differ between two pictures of one size. */
export function changedMacroblocks(a: Yuv420, b: Yuv420, fromMbRow = 0): number[] {
	const mbw = a.width / 16;
	const count = mbw * (a.height / 16);
	const out: number[] = [];
	for (let mb = fromMbRow * mbw; mb < count; mb++) {
		const mx = (mb % mbw) * 16;
		const my = Math.floor(mb / mbw) * 16;
		if (differs(a.y, b.y, a.width, mx, my, 16) || differs(a.u, b.u, a.width / 2, mx / 2, my / 2, 8) || differs(a.v, b.v, a.width / 2, mx / 2, my / 2, 8))
			out.push(mb);
	}
	return out;
}

function differs(p: Uint8Array, q: Uint8Array, stride: number, x: number, y: number, n: number): boolean {
	for (let r = 0; r < n; r++) {
		const o = (y + r) * stride + x;
		for (let c = 0; c < n; c++) if (p[o + c] !== q[o + c]) return true;
	}
	return false;
}
