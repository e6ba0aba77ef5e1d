/**
 * What CineFlow understood from a provider's failure, in the user's language, next
 * to the provider's own words (kept verbatim): a Chinese relay's "余额不足" reaching
 * an English user, an English "insufficient_quota" reaching a Chinese user, and a
 * refused key naming its setting (plugin) or environment variable (CLI).
 */
import { afterEach, describe, expect, it } from "vitest";
import { keyHint } from "../../../src/cli/keys";
import { TerminalProgress } from "../../../src/cli/progress";
import type { StopEvent } from "../../../src/ports/events";
import { render, setLanguage } from "../../../src/core/i18n";
import { explainFailure, explainStop, keyLocation } from "../../../src/core/providers/explain";
import { getAdapter } from "../../../src/core/providers/index";
import type { CreateOutcome, FailureClass, ProviderContext } from "../../../src/core/providers/types";
import { createRedactor } from "../../../src/core/redact";
import type { HttpResponse } from "../../../src/ports/http";

const KEY = "sk-explain-0123456789abcdef";

function ctx(baseUrl: string): ProviderContext {
	return { baseUrl, apiKey: KEY, redact: createRedactor([KEY]), now: Date.UTC(2026, 0, 1) };
}

function res(status: number, body: unknown): HttpResponse {
	return { status, headers: { "content-type": "application/json" }, body: new TextEncoder().encode(JSON.stringify(body)) };
}

function failureOf(o: CreateOutcome) {
	if (o.ok) throw new Error("expected a failure");
	return o.failure;
}

/** A create answered by `provider` with an error body, read by its adapter. */
function create(provider: string, status: number, body: unknown) {
	const a = getAdapter(provider);
	return failureOf(a.parseCreate(res(status, body), ctx(a.defaultBaseUrl)));
}

/** What the CLI prints for a stop: its message and the hint, through the terminal progress. */
function cliStop(stop: Omit<StopEvent, "type" | "at">): string {
	let err = "";
	const sink = { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream;
	const out = { write: () => true } as unknown as NodeJS.WritableStream;
	new TerminalProgress({ json: false, out, err: sink, now: () => 0, hint: keyHint }).emit({ type: "stop", at: 0, ...stop });
	return err;
}

afterEach(() => setLanguage("en"));

describe("a Chinese relay's error reaching an English user", () => {
	const body = { error: { message: "用户余额不足，请充值后再试", type: "new_api_error", code: "insufficient_user_quota" } };

	it("is classified as quota and keeps the relay's Chinese words", () => {
		const f = create("t8star", 403, body);
		expect(f.cls).toBe("quota");
		expect(f.message).toContain("用户余额不足，请充值后再试");
	});

	it("gets an English explanation beside the original Chinese text in the CLI", () => {
		const f = create("t8star", 403, body);
		const printed = cliStop({ reason: "quota", provider: "t8star", message: f.message });
		expect(printed).toContain("用户余额不足，请充值后再试");
		expect(printed).toContain("T8Star (NewAPI relay) says the account has no balance or quota left: top it up, then run again");
	});

	it("a Sora.hk 429 in Chinese about concurrency is explained as capacity, not quota", () => {
		const f = create("sorahk", 429, { code: 429, message: "并发任务数已达上限" });
		expect(f.cls).toBe("capacity");
		expect(render(explainFailure(f.cls, "sorahk", "cli"))).toBe(
			"Sora.hk is running as many tasks as it allows at once: CineFlow waits for a free slot and retries.",
		);
	});
});

describe("an English provider's error reaching a Chinese user", () => {
	it("gets a Chinese explanation beside the provider's English words", () => {
		setLanguage("zh");
		const a = getAdapter("newapi");
		const f = failureOf(
			a.parseCreate(
				res(429, { error: { message: "You exceeded your current quota, please check your plan and billing details.", type: "insufficient_quota" } }),
				ctx("https://relay.test"),
			),
		);
		expect(f.cls).toBe("quota");
		expect(f.message).toContain("You exceeded your current quota");
		const printed = cliStop({ reason: "quota", provider: "newapi", message: f.message });
		expect(printed).toContain("You exceeded your current quota");
		expect(printed).toContain("NewAPI-compatible relay 表示账户余额或额度不足：请充值后重新运行（已付费的版本不会重复提交）。");
	});

	it("a content-policy refusal says it is not retried, in Chinese", () => {
		setLanguage("zh");
		expect(render(explainFailure("policy", "sorahk", "plugin"))).toBe("Sora.hk 依据内容政策拒绝了提示词或图片：请修改该分镜；CineFlow 不会自动重试。");
	});
});

describe("a refused key names where the key lives", () => {
	it("CLI, Chinese: the environment variable", () => {
		setLanguage("zh");
		expect(keyHint({ reason: "auth", provider: "sorahk" })).toBe("Sora.hk 拒绝了该密钥：请检查环境变量 SORAHK_API_KEY（或 CINEFLOW_API_KEY）");
		expect(keyHint({ reason: "auth", provider: "kling" })).toBe("Kling AI 拒绝了该密钥：请检查环境变量 KLING_ACCESS_KEY 和 KLING_SECRET_KEY");
	});

	it("CLI, English: the wording it had before the catalog", () => {
		expect(keyHint({ reason: "auth", provider: "sorahk" })).toBe("Sora.hk refused the key: check SORAHK_API_KEY (or CINEFLOW_API_KEY) in the environment");
		expect(keyHint({ reason: "auth", provider: "kling" })).toBe("Kling AI refused the key: check KLING_ACCESS_KEY and KLING_SECRET_KEY in the environment");
	});

	it("a Chinese 401 from Sora.hk, printed by the CLI to a Chinese user: provider text, then the variable", () => {
		setLanguage("zh");
		const f = create("sorahk", 401, { code: 401, message: "API密钥无效或已被禁用" });
		expect(f.cls).toBe("auth");
		const printed = cliStop({ reason: "auth", provider: "sorahk", message: f.message });
		expect(printed).toContain("API密钥无效或已被禁用");
		expect(printed).toContain("SORAHK_API_KEY");
		expect(printed).not.toContain(KEY);
	});

	it("plugin: the setting, in both languages", () => {
		expect(render(keyLocation("kling", "plugin")!)).toBe("Check Settings → CineFlow → Kling AI key.");
		setLanguage("zh");
		expect(render(keyLocation("kling", "plugin")!)).toBe("Kling AI 拒绝了该密钥：请检查 设置 → CineFlow → Kling AI 密钥。");
	});
});

describe("which stops get an explanation", () => {
	it("none for stops no provider caused, for a missing key, or without a provider", () => {
		expect(explainStop({ reason: "budget", provider: "sorahk" }, "cli")).toBeNull();
		expect(explainStop({ reason: "cancel", provider: "sorahk" }, "cli")).toBeNull();
		expect(explainStop({ reason: "auth", provider: "sorahk", cause: "missing-key" }, "cli")).toBeNull();
		expect(explainStop({ reason: "quota" }, "plugin")).toBeNull();
	});

	it("a provider the catalog does not know: the refusal is said, without a variable to name", () => {
		expect(keyHint({ reason: "auth", provider: "no-such-provider" })).toBe("no-such-provider refused the key.");
	});

	it("quota and retired stops carry their explanation", () => {
		expect(explainStop({ reason: "retired", provider: "openai" }, "plugin")).toEqual({
			code: "provider.explain.retired",
			params: { provider: "OpenAI Videos (shut down)" },
		});
		expect(keyHint({ reason: "retired", provider: "sorahk" })).toBe("Sora.hk no longer serves this model: choose another model for these shots.");
	});

	it("every failure class has an explanation naming the provider, in both languages", () => {
		const classes: FailureClass[] = ["auth", "quota", "retired", "policy", "capacity", "rate", "outage", "invalid"];
		for (const lang of ["en", "zh"] as const) {
			setLanguage(lang);
			const texts = classes.map((c) => render(explainFailure(c, "sorahk", "cli")));
			for (const text of texts) expect(text).toContain("Sora.hk");
			expect(new Set(texts).size).toBe(classes.length);
		}
	});
});
