/**
 * The run context's warnings (issue 19): a catalog message is shown in the user's
 * language and carries its key as a stable code (what `--json` consumers match on);
 * text with no key of ours (a file system's words) has no code.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RunEvent, WarningEvent } from "../../../src/ports/events";
import { setLanguage, t } from "../../../src/core/i18n";
import { createRunContext } from "../../../src/core/run/context";
import type { RunOptions } from "../../../src/core/run/options";
import { MemVault } from "../../support/mem-vault";

afterEach(() => setLanguage("en"));

function context(events: RunEvent[]) {
	const opts = {
		mode: "generate",
		vault: new MemVault(),
		clock: { now: () => 1_000 },
		progress: { emit: (e: RunEvent) => events.push(e) },
	} as unknown as RunOptions;
	return createRunContext(opts, "run-1", [], new Map());
}

describe("run warnings", () => {
	it("a catalog message: text in the current language, its key as the code, the note kept", () => {
		for (const lang of ["en", "zh"] as const) {
			setLanguage(lang);
			const events: RunEvent[] = [];
			const ctx = context(events);
			ctx.warn({ code: "run.removedTemp", params: { path: "Ep/_assets/Ep/s01.mp4.tmp" } }, "Ep.md");
			const w = events.find((e): e is WarningEvent => e.type === "warning");
			expect(w).toEqual({
				type: "warning",
				at: 1_000,
				code: "run.removedTemp",
				notePath: "Ep.md",
				message: t("run.removedTemp", { path: "Ep/_assets/Ep/s01.mp4.tmp" }),
			});
			expect(ctx.warnings).toEqual([w?.message]);
		}
		setLanguage("en");
		const en = t("run.removedTemp", { path: "x" });
		setLanguage("zh");
		expect(t("run.removedTemp", { path: "x" })).not.toBe(en);
	});

	it("plain text has no code", () => {
		const events: RunEvent[] = [];
		context(events).warn("EACCES: permission denied");
		expect(events).toEqual([{ type: "warning", at: 1_000, message: "EACCES: permission denied" }]);
	});
});
