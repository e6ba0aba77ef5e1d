/** `cineflow models` (src/cli/models.ts) in both languages; the generated docs table stays English. */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { modelsCommand, modelsMarkdown } from "../../src/cli/models";
import { setLanguage } from "../../src/core/i18n";

afterEach(() => setLanguage("en"));

function models(argv: string[]): string {
	let text = "";
	const out = new Writable({
		write(chunk: Buffer, _enc, cb) {
			text += String(chunk);
			cb();
		},
	});
	expect(modelsCommand(argv, out)).toBe(0);
	return text;
}

describe("cineflow models", () => {
	it("heads each provider in the reader's language", () => {
		expect(models(["--provider", "sorahk"])).toContain("\nSora.hk (--provider sorahk; key: SORAHK_API_KEY)\n");
		setLanguage("zh");
		const zh = models(["--provider", "sorahk"]);
		expect(zh).toContain("\nSora.hk（--provider sorahk；密钥：SORAHK_API_KEY）\n");
		expect(zh).toMatch(/ {4}核实于 \d{4}-\d{2}-\d{2}：/);
	});

	it("keeps the Markdown table for docs/providers.md in English", () => {
		const en = modelsMarkdown();
		setLanguage("zh");
		expect(modelsMarkdown()).toBe(en);
	});
});
