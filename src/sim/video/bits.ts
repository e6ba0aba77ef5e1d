/**
 * Bit-level writing for the clip encoder: an MSB-first bit writer with the
 * Exp-Golomb codes of H.264 §9.1 (ue(v), se(v)), RBSP trailing bits (§7.3.2.11)
 * and NAL unit wrapping with emulation prevention (§7.3.1, §7.4.1: a 0x03 byte
 * after any two zero bytes that precede a byte ≤ 0x03).
 */

export class BitWriter {
	private buf: Uint8Array;
	private len = 0;
	/** Bits already used in the last byte (0 = byte aligned). */
	private bit = 0;

	constructor(capacity = 64) {
		this.buf = new Uint8Array(Math.max(8, capacity));
	}

	private grow(extra: number): void {
		if (this.len + extra <= this.buf.length) return;
		const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
		next.set(this.buf.subarray(0, this.len));
		this.buf = next;
	}

	/** Writes the low `n` bits of `value` (n ≤ 32), most significant first. */
	u(n: number, value: number): this {
		for (let i = n - 1; i >= 0; i--) this.flag(Math.floor(value / 2 ** i) % 2 === 1);
		return this;
	}

	flag(on: boolean): this {
		if (this.bit === 0) {
			this.grow(1);
			this.buf[this.len++] = 0;
		}
		if (on) this.buf[this.len - 1] = (this.buf[this.len - 1] ?? 0) | (0x80 >> this.bit);
		this.bit = (this.bit + 1) % 8;
		return this;
	}

	/** ue(v), §9.1: `lz` zeros, a one, then the `lz` low bits of value + 1. */
	ue(value: number): this {
		const v = value + 1;
		const lz = Math.floor(Math.log2(v));
		this.u(lz, 0);
		return this.u(lz + 1, v);
	}

	/** se(v), §9.1.1: k > 0 → 2k − 1, k ≤ 0 → −2k. */
	se(value: number): this {
		return this.ue(value > 0 ? 2 * value - 1 : -2 * value);
	}

	/** Zero bits up to the next byte boundary (pcm_alignment_zero_bit, §7.3.5). */
	alignZero(): this {
		this.bit = 0;
		return this;
	}

	/** Whole bytes; the writer must be byte aligned. */
	bytes(data: Uint8Array): this {
		if (this.bit !== 0) throw new Error("BitWriter.bytes needs byte alignment");
		this.grow(data.length);
		this.buf.set(data, this.len);
		this.len += data.length;
		return this;
	}

	/** rbsp_trailing_bits(), §7.3.2.11: a stop bit, then zeros to the byte boundary. */
	trailing(): this {
		this.flag(true);
		return this.alignZero();
	}

	get byteAligned(): boolean {
		return this.bit === 0;
	}

	finish(): Uint8Array {
		return this.buf.slice(0, this.len);
	}
}

/**
 * A NAL unit (§7.3.1): the one-byte header (forbidden_zero_bit, nal_ref_idc,
 * nal_unit_type) and the RBSP with emulation_prevention_three_byte inserted.
 */
export function nalUnit(refIdc: number, type: number, rbsp: Uint8Array): Uint8Array {
	const out = new Uint8Array(1 + rbsp.length + Math.ceil(rbsp.length / 2) + 1);
	out[0] = ((refIdc & 3) << 5) | (type & 31);
	let n = 1;
	let zeros = 0;
	for (const b of rbsp) {
		if (zeros >= 2 && b <= 3) {
			out[n++] = 3;
			zeros = 0;
		}
		out[n++] = b;
		zeros = b === 0 ? zeros + 1 : 0;
	}
	return out.slice(0, n);
}
