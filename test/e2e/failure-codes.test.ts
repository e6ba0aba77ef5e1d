/**
 * Provider failures and warnings through the real CLI against the simulator (issue 19):
 * a content-policy refusal keeps the provider's own words and adds, in the user's
 * language, what CineFlow understood and what to do; `--json` stays language-neutral,
 * with the typed failure class and the catalog key of each warning as stable codes and
 * English text, whatever the language asked for.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { JobEvent, RunEvent, WarningEvent } from "../../src/ports/events";
import { setLanguage } from "../../src/core/i18n";
import { chooseLanguage } from "../../src/cli/lang";
import { generate, shot, startSim, tempVault, type Harness } from "./helpers";

/** What `cineflow` does with its arguments before the command (src/cli/main.ts): --lang, LANG, --json. */
function language(args: string[], env: NodeJS.ProcessEnv = {}): string[] {
	const choice = chooseLanguage(args, env);
	setLanguage(choice.lang);
	return choice.argv;
}

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
	setLanguage("en");
});

const NOTE = "# Ep\n\n" + shot("s01", "A FORBIDDEN scene") + "\n" + shot("s02", "A harbour at dawn");

describe("a provider's refusal, explained", () => {
	it("terminal, Chinese: the provider's words, then the explanation in Chinese", async () => {
		h = await startSim({ policyMarker: "FORBIDDEN" });
		const vault = await tempVault({ "Ep.md": NOTE });
		const r = await generate(h, vault, "Ep.md", language([], { LANG: "zh_CN.UTF-8" }));
		const text = r.out + r.err;
		expect(text).toMatch(/✗ Ep\.md s01：失败 — .+\n {2}提示：Sora\.hk 依据内容政策拒绝了提示词或图片：请修改该分镜；CineFlow 不会自动重试。/);
		expect(text).toMatch(/✓ Ep\.md s02/);
	});

	it("--json with --lang zh: English text, the failure class and provider as codes", async () => {
		h = await startSim({ policyMarker: "FORBIDDEN" });
		const vault = await tempVault({ "Ep.md": NOTE, "_assets/Ep/s02.mp4.tmp": "partial" });
		const r = await generate(h, vault, "Ep.md", language(["--json", "--lang", "zh"]));
		const events = r.out
			.split("\n")
			.filter((l) => l.startsWith("{"))
			.map((l) => JSON.parse(l) as RunEvent);
		const failed = events.find((e): e is JobEvent => e.type === "job" && e.shotId === "s01" && e.state === "failed");
		expect(failed).toMatchObject({ failure: "policy", provider: "sorahk" });
		// Our words in English; the provider's own words (Sora.hk answers in Chinese) verbatim, as evidence.
		expect(failed?.message).toBe("sorahk task failed: 此内容可能违反我们关于第三方相似性的限制条款。");
		const removed = events.find((e): e is WarningEvent => e.type === "warning" && e.code === "run.removedTemp");
		expect(removed?.message).toMatch(/^[\x20-\x7e]+$/);
		expect(removed?.message).toContain("s02.mp4.tmp");
	});
});
