/** A run's view of renamed paths (plugin rename during a run; dry run of an adoption). */
import { describe, expect, it } from "vitest";
import { PathRedirects, redirectedVault } from "../../../src/core/run/redirect";
import type { VaultPort } from "../../../src/ports/vault";

describe("PathRedirects", () => {
	it("follows a note, a folder and a chain of moves, and maps listings back", () => {
		const r = new PathRedirects();
		r.add("Film/Ep.md", "Film/Episode.md");
		r.add("Film", "Archive/Film");
		expect(r.resolve("Film/Ep.md")).toBe("Archive/Film/Episode.md");
		expect(r.resolve("Film/_assets/Ep/s01.mp4")).toBe("Archive/Film/_assets/Ep/s01.mp4");
		expect(r.resolve("Filmography.md")).toBe("Filmography.md");
		expect(r.unresolve("Archive/Film/_assets/Ep/s01.mp4")).toBe("Film/_assets/Ep/s01.mp4");
	});

	it("every method of the vault, optional ones included, sees the new paths", async () => {
		const calls: string[] = [];
		const log =
			(name: string) =>
			async (...args: unknown[]) => {
				calls.push(`${name} ${args.filter((a) => typeof a === "string").join(" ")}`);
				return name === "listFiles" ? ["New/a.mp4"] : null;
			};
		const names = [
			"read",
			"readBinary",
			"stat",
			"listFiles",
			"ensureFolder",
			"writeBinary",
			"writeText",
			"append",
			"rename",
			"remove",
			"process",
			"freeSpace",
			"outsideVault",
			"removeFolder",
		];
		const base = Object.fromEntries(names.map((n) => [n, log(n)])) as unknown as VaultPort;
		const r = new PathRedirects();
		r.add("Old", "New");
		const v = redirectedVault(base, r);
		expect(await v.listFiles("Old")).toEqual(["Old/a.mp4"]);
		await v.rename("Old/a.tmp", "Old/a.mp4");
		await v.process("Old/n.md", (t) => t);
		await v.outsideVault?.("Old/x");
		await v.removeFolder?.("Old");
		await v.freeSpace?.("Old");
		expect(calls).toEqual(["listFiles New", "rename New/a.tmp New/a.mp4", "process New/n.md", "outsideVault New/x", "removeFolder New", "freeSpace New"]);
	});
});
