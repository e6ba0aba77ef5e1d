/** multipart/form-data bodies (src/core/providers/multipart.ts): the boundary is chosen, not drawn at random. */
import { describe, expect, it } from "vitest";
import { buildMultipart } from "../../../src/core/providers/multipart";

const enc = new TextEncoder();
const boundaryOf = (contentType: string) => contentType.replace(/^multipart\/form-data; boundary=/, "");

describe("buildMultipart boundary", () => {
	it("is the same for the same parts (no randomness in core)", () => {
		const parts = [{ name: "input_reference", filename: "r.png", contentType: "image/png", data: new Uint8Array([1, 2, 3]) }];
		const a = buildMultipart(parts);
		const b = buildMultipart(parts);
		expect(a.contentType).toBe(b.contentType);
		expect(a.body).toEqual(b.body);
	});

	it("skips every candidate that occurs inside a file part or a field value", () => {
		const first = "----CineFlowBoundary00000000";
		const second = "----CineFlowBoundary00000001";
		const mp = buildMultipart([
			{ name: "prompt", value: `text with ${second} in it` },
			{ name: "input_reference", filename: "r.bin", contentType: "application/octet-stream", data: enc.encode(`x${first}y`) },
		]);
		const b = boundaryOf(mp.contentType);
		expect(b).not.toBe(first);
		expect(b).not.toBe(second);
		expect(b).toMatch(/^----CineFlowBoundary[0-9a-f]{8}$/);
	});

	it("keeps a boundary the caller gives", () => {
		const mp = buildMultipart([{ name: "a", value: "1" }], "fixed");
		expect(mp.contentType).toBe("multipart/form-data; boundary=fixed");
	});
});
