/** A model's lifecycle and allowed durations, as a person reads them, in both languages. */
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../../src/core/i18n";
import { describeDurations, getModelSpec } from "../../../src/core/providers/catalog";
import { lifecycleText } from "../../../src/core/providers/models";

afterEach(() => setLanguage("en"));

describe("lifecycle and durations", () => {
	it("lifecycle status in English and Chinese", () => {
		const retired = { status: "retired", shutdown: "2026-09-24", source: "x", verified: "" } as const;
		const deprecated = { status: "deprecated", shutdown: "2027-01-14", source: "x", verified: "" } as const;
		expect(lifecycleText(retired)).toBe("retired on 2026-09-24");
		expect(lifecycleText(deprecated)).toBe("deprecated, shuts down on 2027-01-14");
		setLanguage("zh");
		expect(lifecycleText(retired)).toBe("已于 2026-09-24 下线");
		expect(lifecycleText(deprecated)).toBe("即将下线，2027-01-14 停止服务");
		expect(lifecycleText({ status: "active", source: "x", verified: "" })).toBe("可用");
	});

	it("allowed durations with pro: English as the validation errors print it, Chinese with 、 and 专业版", () => {
		const spec = getModelSpec("sorahk", "sora-2");
		expect(spec).toBeDefined();
		if (!spec) return;
		expect(describeDurations(spec)).toBe("10, 15; 25 with pro");
		setLanguage("zh");
		expect(describeDurations(spec)).toBe("10、15；专业版可选 25");
	});
});
