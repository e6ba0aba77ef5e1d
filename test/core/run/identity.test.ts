/**
 * Identity of shots without `id:` (issue 14.4): by content, never by position.
 * Inserting, deleting or reordering them never re-bills and never moves a video
 * to another shot; a new shot gets an id that collides with nothing.
 */
import { describe, expect, it } from "vitest";
import { assignIdentities, type IdentityShot } from "../../../src/core/run/identity";

const idless = (index: number, promptHash: string, embedded: string[] = []): IdentityShot => ({
	id: `s${String(index).padStart(2, "0")}`,
	idGiven: false,
	index,
	promptHash,
	embedded,
});
const given = (index: number, id: string, promptHash: string): IdentityShot => ({ id, idGiven: true, index, promptHash, embedded: [] });
const history = (pairs: Array<[string, string]>, files: string[] = pairs.map(([id]) => id)) => ({
	entries: pairs.map(([shotId, promptHash]) => ({ shotId, promptHash })),
	files: new Set(files),
});

const asObject = (m: Map<number, string>) => Object.fromEntries(m);

describe("assignIdentities", () => {
	const made = history([
		["s01", "A"],
		["s02", "B"],
		["s03", "C"],
		["s04", "D"],
	]);

	it("a fresh note keeps the positional ids", () => {
		expect(asObject(assignIdentities([idless(1, "A"), idless(2, "B")], history([])))).toEqual({ 1: "s01", 2: "s02" });
	});

	it("a shot inserted at the top: the old shots keep their ids, the new one gets an id nothing uses", () => {
		const shots = [idless(1, "NEW"), idless(2, "A"), idless(3, "B"), idless(4, "C"), idless(5, "D")];
		expect(asObject(assignIdentities(shots, made))).toEqual({ 1: "s05", 2: "s01", 3: "s02", 4: "s03", 5: "s04" });
	});

	it("deleting and reordering shots keeps every shot's own id", () => {
		const shots = [idless(1, "D"), idless(2, "B"), idless(3, "A")];
		expect(asObject(assignIdentities(shots, made))).toEqual({ 1: "s04", 2: "s02", 3: "s01" });
	});

	it("an edited prompt keeps the id of the video embedded under its fence (it becomes a new take there)", () => {
		const shots = [idless(1, "NEW"), idless(2, "A2", ["s01"]), idless(3, "B")];
		expect(asObject(assignIdentities(shots, made))).toEqual({ 1: "s05", 2: "s01", 3: "s02" });
	});

	it("identical prompts follow their embeds, then their positions", () => {
		const twins = history([
			["s01", "T"],
			["s02", "T"],
		]);
		expect(asObject(assignIdentities([idless(1, "NEW"), idless(2, "T", ["s02"]), idless(3, "T", ["s01"])], twins))).toEqual({
			1: "s03",
			2: "s02",
			3: "s01",
		});
		expect(asObject(assignIdentities([idless(1, "T"), idless(2, "T")], twins))).toEqual({ 1: "s01", 2: "s02" });
	});

	it("an id written in the note is never taken by a shot without one", () => {
		// s01 was an id-less shot's; now a shot says `id: s01` itself.
		const shots = [given(1, "s01", "X"), idless(2, "A")];
		expect(asObject(assignIdentities(shots, made))).toEqual({ 2: "s05" });
		// A default id that another shot names explicitly is skipped too.
		expect(asObject(assignIdentities([idless(1, "Q"), given(2, "s01", "R")], history([])))).toEqual({ 1: "s02" });
	});

	it("a video without a journal entry blocks its id for new shots", () => {
		expect(asObject(assignIdentities([idless(1, "NEW")], history([], ["s01", "s02"])))).toEqual({ 1: "s03" });
	});

	it("is the same whatever order the history lists its entries in", () => {
		const shuffled = history([
			["s04", "D"],
			["s02", "B"],
			["s03", "C"],
			["s01", "A"],
		]);
		const shots = [idless(1, "NEW"), idless(2, "A"), idless(3, "B"), idless(4, "C"), idless(5, "D")];
		expect(asObject(assignIdentities(shots, shuffled))).toEqual(asObject(assignIdentities(shots, made)));
	});
});
