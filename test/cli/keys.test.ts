/** The "no key" stop of the CLI (src/cli/keys.ts), in both languages. */
import { afterEach, describe, expect, it } from "vitest";
import { missingKeyMessage } from "../../src/cli/keys";
import { setLanguage } from "../../src/core/i18n";

afterEach(() => setLanguage("en"));

describe("missingKeyMessage", () => {
	it("names the environment variable in either language", () => {
		expect(missingKeyMessage("sorahk", "Sora.hk")).toBe("no API key for Sora.hk: set SORAHK_API_KEY (or CINEFLOW_API_KEY) in the environment");
		setLanguage("zh");
		expect(missingKeyMessage("sorahk", "Sora.hk")).toBe("Sora.hk 没有密钥：请在环境变量中设置 SORAHK_API_KEY（或 CINEFLOW_API_KEY）");
		expect(missingKeyMessage("kling", "Kling")).toBe("Kling 没有密钥：请在环境变量中设置 KLING_ACCESS_KEY 和 KLING_SECRET_KEY（secret key）");
	});
});
