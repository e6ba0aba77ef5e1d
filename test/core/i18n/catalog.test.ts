import { describe, expect, it } from "vitest";
import { CATALOGS, EN } from "../../../src/core/i18n/catalog";
import { LANGS, type Template } from "../../../src/core/i18n/types";

function placeholders(t: Template): string[] {
	const texts = typeof t === "string" ? [t] : Object.values(t).filter((v): v is string => typeof v === "string");
	return [...new Set(texts.flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();
}

describe("message catalog", () => {
	const keys = Object.keys(EN);

	it("has messages", () => {
		expect(keys.length).toBeGreaterThan(10);
	});

	for (const lang of LANGS) {
		it(`${lang}: every key, no extra, same placeholders and kind`, () => {
			const cat = CATALOGS[lang] as Record<string, Template>;
			expect(Object.keys(cat).sort()).toEqual([...keys].sort());
			for (const k of keys) {
				const en = (EN as Record<string, Template>)[k]!;
				const tr = cat[k]!;
				expect(typeof tr, k).toBe(typeof en);
				expect(placeholders(tr), k).toEqual(placeholders(en));
				if (typeof tr !== "string") {
					expect(tr.other, k).toBeTruthy();
					const allowed = new Intl.PluralRules(lang === "zh" ? "zh-CN" : "en-US").resolvedOptions().pluralCategories;
					for (const form of Object.keys(tr)) expect(allowed, `${k}: ${form}`).toContain(form);
					if (typeof en !== "string") expect(tr.other.includes("{count}") || !en.other.includes("{count}"), k).toBe(true);
				} else {
					expect(tr.trim(), k).not.toBe("");
				}
			}
		});
	}

	it("keys are prefixed with their area", () => {
		for (const k of keys) expect(k).toMatch(/^[a-z][a-zA-Z0-9]*\.[A-Za-z0-9.]+$/);
	});
});
