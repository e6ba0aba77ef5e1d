/** The provider registry (src/core/providers/index.ts): an adapter for every catalog entry, and build-time refusal of reference kinds an adapter cannot send. */
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../src/core/providers/catalog";
import { getAdapter, listAdapters } from "../../../src/core/providers/index";
import { createRedactor } from "../../../src/core/redact";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe("registry", () => {
	it("has an adapter for every catalog id, with the catalog's facts", () => {
		expect(listAdapters().map((a) => a.id)).toEqual(Object.keys(CATALOG));
		for (const [id, info] of Object.entries(CATALOG)) {
			const a = getAdapter(id);
			expect(a).toMatchObject({ id, label: info.label, defaultBaseUrl: info.defaultBaseUrl, keyEnv: info.keyEnv, defaultModel: info.defaultModel });
			expect(a.models).toBe(info.models);
		}
		expect(getAdapter("sorahk").canLookup).toBe(true);
		expect(getAdapter("openai").canLookup).toBe(true);
		for (const id of ["newapi", "t8star", "aihubmix", "veo", "wan", "grok"]) expect(getAdapter(id).canLookup).toBe(false);
		expect(() => getAdapter("nope")).toThrow(/Unknown provider "nope"/);
	});
	it("unsupported reference kinds are refused at build time, not sent", () => {
		const ctx = { baseUrl: "https://x.test", apiKey: "k", redact: createRedactor(["k"]), now: NOW };
		const input = {
			model: "sora-2",
			prompt: "p",
			duration: 10,
			orientation: "horizontal" as const,
			size: "1280x720",
			pro: false,
			resolution: "720p" as const,
			aspect: "16:9" as const,
		};
		expect(() =>
			getAdapter("sorahk").buildCreate({ ...input, reference: { kind: "bytes", bytes: new Uint8Array(1), mime: "image/png", name: "a.png" } }, ctx),
		).toThrow(/URL/);
		expect(() => getAdapter("veo").buildCreate({ ...input, reference: { kind: "url", url: "https://x" } }, ctx)).toThrow(/bytes/);
		const body = JSON.parse(getAdapter("sorahk").buildCreate({ ...input, reference: { kind: "url", url: "https://i.test/a.png" } }, ctx).body as string);
		expect(body).toEqual({ prompt: "p", duration: 10, resolution: "horizontal", is_pro: false, remove_watermark: true, image_url: "https://i.test/a.png" });
	});
});
