/**
 * The codec is a port: the stitcher and the run's prepare step decode and encode
 * only through the codec they are given, never through a codec of their own.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FsVault } from "../../../src/cli/fs-vault";
import { codecStitcher, createImage, decodeError, DEFAULT_MATRIX_STYLE, ImageDecodeError, type ImageCodec, type RgbaImage } from "../../../src/core/image";
import { parseMarkdown } from "../../../src/core/parse";
import { planJobs } from "../../../src/core/plan";
import { getModelSpec } from "../../../src/core/providers/catalog";
import { createRedactor } from "../../../src/core/redact";
import { createPrepareReference } from "../../../src/core/run/prepare";
import { defaultLinkResolver } from "../../../src/core/run/references";
import type { HttpPort } from "../../../src/ports/http";
import { TEST_SETTINGS } from "../../support/settings";

/** Bytes that sniff as PNG but no real decoder reads: only the fake codec can. */
function fakePng(color: number): Uint8Array {
	return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, color, 0, 0, 0]);
}

const ENCODED = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 42]);

/** A codec that records its calls: decode paints the image in the byte after the signature. */
function recordingCodec(): ImageCodec & { decoded: string[]; encoded: RgbaImage[] } {
	const decoded: string[] = [];
	const encoded: RgbaImage[] = [];
	return {
		decoded,
		encoded,
		decode(bytes, mime) {
			decoded.push(mime);
			if (bytes[8] === 0) return Promise.reject(decodeError("corrupt", "image", "fake"));
			return Promise.resolve(createImage(4, 4, [bytes[8]!, 0, 0]));
		},
		encodePng(image) {
			encoded.push(image);
			return Promise.resolve(ENCODED);
		},
	};
}

describe("codecStitcher", () => {
	it("decodes every source and encodes the matrix through the injected codec", async () => {
		const codec = recordingCodec();
		const out = await codecStitcher(codec)(
			[
				{ bytes: fakePng(200), mime: "image/png", name: "a.png" },
				{ bytes: fakePng(100), mime: "image/jpeg", name: "b.jpg" },
			],
			{ ...DEFAULT_MATRIX_STYLE, width: 22, height: 12, gap: 2, labels: false, resample: "nearest" },
		);
		expect(out).toBe(ENCODED);
		expect(codec.decoded).toEqual(["image/png", "image/jpeg"]);
		expect(codec.encoded).toHaveLength(1);
		const m = codec.encoded[0]!;
		expect([m.width, m.height]).toEqual([22, 12]);
		expect([...m.data.subarray((2 * 22 + 2) * 4, (2 * 22 + 2) * 4 + 3)]).toEqual([200, 0, 0]);
		expect([...m.data.subarray((2 * 22 + 12) * 4, (2 * 22 + 12) * 4 + 3)]).toEqual([100, 0, 0]);
	});

	it("a source the codec cannot read fails with its reason and the file's name", async () => {
		const stitch = codecStitcher(recordingCodec());
		const err = await stitch([{ bytes: fakePng(0), mime: "image/png", name: "broken.png" }], { ...DEFAULT_MATRIX_STYLE, width: 10, height: 10 }).catch(
			(e: unknown) => e,
		);
		expect(err).toBeInstanceOf(ImageDecodeError);
		expect((err as ImageDecodeError).reason).toBe("corrupt");
		expect((err as ImageDecodeError).message).toMatch(/^broken\.png could not be decoded/);
	});
});

describe("prepare goes through the run's codec", () => {
	it("two references: decoded and the matrix encoded by the codec given to createPrepareReference", async () => {
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-codec-"));
		try {
			const vault = new FsVault(dir);
			const note = '---\ncineflow:\n  provider: runway\n---\n```shot\nid: s01\nprompt: Two faces\nreferences: ["a.png", "b.png"]\n```\n';
			await vault.writeText("Ep.md", note);
			await vault.writeBinary("a.png", fakePng(200));
			await vault.writeBinary("b.png", fakePng(100));
			const plan = planJobs([parseMarkdown("Ep.md", note)], TEST_SETTINGS, new Map());
			const job = plan.jobs[0]!;
			const codec = recordingCodec();
			const http: HttpPort = { request: () => Promise.reject(new Error("no network in this test")) };
			const clock = { now: () => 0, sleep: () => Promise.resolve() };
			const prepare = createPrepareReference({
				vault,
				http,
				clock,
				settings: TEST_SETTINGS,
				codec,
				embedLine: (f) => `![[${f}]]`,
				geminiKey: () => null,
			});
			const refCtx = { vault, resolveLink: defaultLinkResolver(vault), providerLabel: "Runway" };
			const ref = await prepare({ job, shot: plan.shots[0], spec: getModelSpec("runway", job.model)!, refCtx, redact: createRedactor([]) });
			expect(codec.decoded).toEqual(["image/png", "image/png"]);
			expect(codec.encoded).toHaveLength(1);
			expect(ref).toMatchObject({ kind: "bytes", mime: "image/png" });
			expect(await vault.readBinary("_assets/Ep/refs/s01.png")).toEqual(ENCODED);
		} finally {
			await fs.rm(dir, { recursive: true, force: true });
		}
	});
});
