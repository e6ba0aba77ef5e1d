/**
 * No user-facing English outside the message catalog (issue 19). Every source
 * file a person's text can come from is scanned (test/support/literals.ts); one
 * test a file, so `-t <path>` checks one. The simulator speaks as a provider
 * (its text is the provider's, not ours) and the catalog holds the text.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { proseLiterals } from "../../support/literals";

const EXCLUDED = [/^src\/sim\//, /^src\/shims\//, /^src\/core\/i18n\/messages\//];

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
	});
}

const scanned = files("src")
	.filter((p) => !EXCLUDED.some((re) => re.test(p)))
	.sort();

describe("no user-facing literal outside the catalog", () => {
	it("scans the source", () => {
		expect(scanned.length).toBeGreaterThan(100);
	});
	for (const path of scanned) {
		it(path, () => {
			const found = proseLiterals(path).map((l) => `${path}:${l.line} ${JSON.stringify(l.text.slice(0, 80))}`);
			expect(found).toEqual([]);
		});
	}
});
