/** The "no key" stop and `cineflow models` in both languages; the generated docs table stays English. */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { missingKeyMessage } from "../../src/cli/keys";
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

describe("missingKeyMessage", () => {
	it("names the environment variable in either language", () => {
		expect(missingKeyMessage("sorahk", "Sora.hk")).toBe("no API key for Sora.hk: set SORAHK_API_KEY (or CINEFLOW_API_KEY) in the environment");
		setLanguage("zh");
		expect(missingKeyMessage("sorahk", "Sora.hk")).toBe("Sora.hk 没有密钥：请在环境变量中设置 SORAHK_API_KEY（或 CINEFLOW_API_KEY）");
		expect(missingKeyMessage("kling", "Kling")).toBe("Kling 没有密钥：请在环境变量中设置 KLING_ACCESS_KEY 和 KLING_SECRET_KEY（secret key）");
	});
});

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
