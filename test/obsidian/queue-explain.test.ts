/**
 * A failed job in the queue view keeps the provider's own words (evidence, in the
 * provider's language) and, under them, what CineFlow understood and what to do, in
 * the user's language (issue 19). Only for failures that end one job (policy,
 * invalid); a refused key, an empty balance or a retired model stop the run and are
 * explained once, under the stop.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import { QUEUE_VIEW_TYPE, QueueView } from "../../src/obsidian/queue-view";
import { RunState } from "../../src/obsidian/run-state";
import { allElements } from "../stubs/obsidian";
import { jobEvent, runStart } from "../support/events";
import { loadPlugin, unload, useWindow, type Loaded } from "./helpers";

describe("queue view: a provider's failure explained", () => {
	let l: Loaded;
	beforeEach(async () => {
		useWindow();
		l = await loadPlugin({ "Ep.md": "# Ep\n" });
	});
	afterEach(() => {
		unload(l.plugin);
		setLanguage("en");
	});

	async function rows(): Promise<HTMLElement[]> {
		const state = new RunState("Ep.md", "generate", () => 5_000);
		state.emit(runStart({}));
		state.emit(jobEvent({ at: 1_000, shotId: "s01", state: "failed", message: "内容审核未通过 (request req_7)", failure: "policy", provider: "sorahk" }));
		state.emit(jobEvent({ at: 1_100, shotId: "s02", state: "failed", message: "Incorrect API key", failure: "auth", provider: "sorahk" }));
		state.emit(jobEvent({ at: 1_200, shotId: "s03", state: "failed", message: "the download was cut short" }));
		l.plugin.runs().current = state;
		await l.plugin.openQueue();
		const v = l.app.workspace.getLeavesOfType(QUEUE_VIEW_TYPE)[0]?.view as unknown as QueueView;
		v.render();
		return allElements(v.contentEl).filter((e) => e.hasClass("cineflow-job")) as HTMLElement[];
	}
	const hint = (row: HTMLElement | undefined) => (row ? allElements(row).find((e) => e.hasClass("cineflow-job-hint"))?.textContent : undefined);
	const byShot = (all: HTMLElement[], id: string) => all.find((r) => r.getAttribute("data-key") === `Ep.md::${id}::1`);

	it("English: the Chinese provider text stays, an English explanation follows", async () => {
		const all = await rows();
		const policy = byShot(all, "s01");
		expect(policy?.textContent).toContain("内容审核未通过 (request req_7)");
		expect(hint(policy)).toBe("Sora.hk refused the prompt or an image under its content policy: change the shot; CineFlow does not retry it.");
		// A refused key stops the run (explained under the stop); a failure with no class has no hint.
		expect(hint(byShot(all, "s02"))).toBeUndefined();
		expect(hint(byShot(all, "s03"))).toBeUndefined();
	});

	it("Chinese: the explanation in Chinese", async () => {
		setLanguage("zh");
		expect(hint(byShot(await rows(), "s01"))).toBe("Sora.hk 依据内容政策拒绝了提示词或图片：请修改该分镜；CineFlow 不会自动重试。");
	});
});
