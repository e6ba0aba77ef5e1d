/** multipart/form-data bodies (src/core/providers/multipart.ts) read back by the simulator's parser. */
import { describe, expect, it } from "vitest";
import { buildMultipart } from "../../../src/core/providers/multipart";
import { parseMultipart } from "../../../src/sim/multipart";

describe("multipart against the simulator's reader", () => {
	it("builds a body the simulator's reader parses back, bytes intact", () => {
		const data = new Uint8Array([0, 13, 10, 45, 45, 255, 1]);
		const mp = buildMultipart([
			{ name: "prompt", value: 'a "quoted"\r\nprompt' },
			{ name: "input_reference", filename: "r.png", contentType: "image/png", data },
		]);
		const parts = parseMultipart(mp.contentType, mp.body);
		expect(parts?.map((p) => p.name)).toEqual(["prompt", "input_reference"]);
		expect(new TextDecoder().decode(parts?.[0]?.data)).toBe('a "quoted"\r\nprompt');
		expect(parts?.[1]).toMatchObject({ filename: "r.png", contentType: "image/png" });
		expect(parts?.[1]?.data).toEqual(data);
	});
});
