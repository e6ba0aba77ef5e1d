/** Requests CineFlow will not build, said in the user's language; the wire field names stay. */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { veoCreateBody } from "../../../src/core/providers/veo";
import type { VideoJobInput } from "../../../src/core/providers/types";

const input: VideoJobInput = {
	model: "veo-3.1-generate-001",
	prompt: "a cat",
	duration: 8,
	orientation: "horizontal",
	size: "1280x720",
	pro: false,
	resolution: "720p",
	aspect: "16:9",
};
const url = { kind: "url", url: "https://x.test/f.png" } as const;

afterEach(() => setLanguage("en"));

describe("Veo takes images only as bytes", () => {
	it("names which image, in English and Chinese", () => {
		expect(() => veoCreateBody({ ...input, lastFrame: url })).toThrow("Veo takes the last frame only as bytes (bytesBase64Encoded); fetch it first");
		setLanguage("zh");
		expect(() => veoCreateBody({ ...input, reference: url })).toThrow("Veo 只接受字节形式的首帧（bytesBase64Encoded）：请先获取图片");
		expect(() => veoCreateBody({ ...input, references: [url] })).toThrow("Veo 只接受字节形式的参考图（bytesBase64Encoded）：请先获取图片");
	});
});
