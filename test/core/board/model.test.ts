/** The board's rows: story order, state from the journal and the files, takes, chosen take, cost, poster. */
import { afterEach, describe, expect, it } from "vitest";
import { costLabel } from "../../../src/core/board/model";
import { loadBoard } from "../../../src/core/board/load";
import { formatUsd, jobCost, priceFor } from "../../../src/core/cost";
import { setLanguage } from "../../../src/core/i18n";
import { Journal } from "../../../src/core/journal";
import { testSettings } from "../../support/settings";
import { BinVault, NOTE, OUT, VIDEO, journalText, stormVault } from "../../support/bin-vault";
import { shotBlock } from "../../support/shots";

const settings = testSettings();

describe("loadBoard", () => {
	it("lists every shot in story order with its takes, the chosen one, and a poster when one is on disk", async () => {
		const vault = stormVault();
		vault.put(`${OUT}/posters/s02.take2.png`, VIDEO);
		const board = await loadBoard(vault, NOTE, settings);
		expect(board.notes).toEqual([NOTE]);
		expect(
			board.rows.map((r) => [
				r.index,
				r.shotId,
				r.storageId,
				r.state,
				r.chosenTake,
				r.takes.map((t) => `${t.take}${t.path ? "" : "?"}${t.chosen ? "*" : ""}`).join(" "),
			]),
		).toEqual([
			[1, "s01", "s01", "done", 1, "1*"],
			[2, "s02", "s02", "done", 2, "1 2*"],
			[3, "s03", "s03", "not-generated", null, ""],
			// On disk but not embedded: done, and no take represents it yet.
			[4, "s04", "s04", "done", null, "1"],
			[5, "s05", "s05", "not-generated", null, ""],
			[6, "s06", "s06", "done", 1, "1*"],
		]);
		const s02 = board.rows[1];
		expect(s02?.posterPath).toBe(`${OUT}/posters/s02.take2.png`);
		expect(s02?.videoPath).toBe(`${OUT}/s02.take2.mp4`);
		expect(s02?.chosenVia).toBe("embed");
		expect(board.rows[0]?.posterPath).toBeNull();
		expect(board.rows.map((r) => r.line)).toEqual([...board.rows.map((r) => r.line)].sort((a, b) => a - b));
		expect(board.rows[0]?.prompt).toBe("雨夜，城市天际线 wide establishing shot");
	});

	it("a recorded choice comes first", async () => {
		const vault = stormVault();
		const j = await Journal.open(vault, OUT, NOTE);
		await j.choose("s02", 1, 10);
		const board = await loadBoard(vault, NOTE, settings);
		expect(board.rows[1]).toMatchObject({ chosenTake: 1, chosenVia: "chosen", videoPath: `${OUT}/s02.mp4` });
	});

	it("states from the journal: queued, running, failed (with its reason, redacted), unknown, expired", async () => {
		const ids = ["q1", "r1", "f1", "u1", "e1", "n1"];
		const out = "_assets/Ep";
		const vault = new BinVault({
			"Ep.md": "---\ncineflow:\n  provider: sorahk\n  duration: 10\n---\n" + ids.map((id) => shotBlock({ id, prompt: `Shot ${id}` })).join("\n"),
			[`${out}/cineflow-jobs.md`]: journalText("Ep.md", [
				{ shotId: "q1", take: 1, outputPath: `${out}/q1.mp4`, status: "submitting" },
				{ shotId: "r1", take: 1, outputPath: `${out}/r1.mp4`, status: "submitted", remoteId: "t1" },
				{ shotId: "f1", take: 1, outputPath: `${out}/f1.mp4`, status: "failed", error: "policy: blocked (key sk-live-abcdefghijklmnopqrstuvwx)" },
				{ shotId: "u1", take: 1, outputPath: `${out}/u1.mp4`, status: "unknown" },
				{ shotId: "e1", take: 1, outputPath: `${out}/e1.mp4`, status: "expired", remoteId: "t5" },
				{ shotId: "n1", take: 1, outputPath: `${out}/n1.mp4`, status: "not-created" },
			]),
		});
		const board = await loadBoard(vault, "Ep.md", settings);
		expect(board.rows.map((r) => [r.shotId, r.state])).toEqual([
			["q1", "queued"],
			["r1", "running"],
			["f1", "failed"],
			["u1", "unknown"],
			["e1", "expired"],
			["n1", "not-generated"],
		]);
		expect(board.rows[2]?.message).toContain("policy: blocked");
		expect(board.rows[2]?.message).not.toContain("sk-live-abcdefghijklmnopqrstuvwx");
	});

	it("cost so far: an estimate over the takes the provider accepted, priced by the model that made each", async () => {
		const vault = stormVault();
		const board = await loadBoard(vault, NOTE, settings);
		const price = (provider: string, model: string, duration: number) => jobCost(priceFor(settings, provider, model), duration, false) as number;
		// s02: take 1 on disk without an entry (the plan's model), take 2 made by t8star/sora-2; 15 s.
		const s02 = board.rows[1]?.cost;
		expect(s02).toMatchObject({ source: "estimate", paidTakes: 2 });
		const plan = board.rows[1];
		expect(s02?.usd).toBeCloseTo(price(plan?.provider as string, plan?.model as string, 15) + price("t8star", "sora-2", 15), 6);
		expect(board.rows[2]?.cost).toEqual({ source: "estimate", usd: 0, paidTakes: 0, unknownPrice: 0 });
		expect(costLabel(board.rows[2]?.cost as never, formatUsd)).toBe("Nothing spent yet");
		expect(costLabel({ source: "estimate", usd: 0.4, paidTakes: 2, unknownPrice: 0 }, formatUsd)).toBe(`${formatUsd(0.4)} (estimate)`);
	});

	it("a folder: notes in path order, journals and output folders per note; a note without shots is left out", async () => {
		const vault = new BinVault({
			"Film/B.md": shotBlock({ id: "b1", prompt: "Second note" }),
			"Film/A.md": shotBlock({ id: "a1", prompt: "First note" }) + shotBlock({ id: "a2", prompt: "Then" }),
			"Film/Prose.md": "# Nothing to shoot\n",
			"Film/_assets/A/a2.mp4": VIDEO,
		});
		const board = await loadBoard(vault, "Film", settings);
		expect(board.notes).toEqual(["Film/A.md", "Film/B.md"]);
		expect(board.rows.map((r) => [r.notePath, r.shotId, r.state])).toEqual([
			["Film/A.md", "a1", "not-generated"],
			["Film/A.md", "a2", "done"],
			["Film/B.md", "b1", "not-generated"],
		]);
		expect(new Set(board.rows.map((r) => r.key)).size).toBe(3);
	});

	it("an unreadable journal: nothing is guessed, the row says why, and loading writes nothing", async () => {
		const vault = stormVault();
		vault.put(`${OUT}/cineflow-jobs.md`, "# CineFlow job journal\n\n```json\n{ broken\n```\n");
		const writes = vault.writes.length;
		const board = await loadBoard(vault, NOTE, settings);
		expect(board.rows[2]).toMatchObject({ shotId: "s03", state: "unknown" });
		expect(board.rows[2]?.message).toContain("not valid JSON");
		expect(vault.writes.length).toBe(writes);
	});
});

describe("the board in Chinese", () => {
	afterEach(() => setLanguage("en"));

	it("says why a row is in its state in Chinese; the provider's reason stays as it was", async () => {
		setLanguage("zh");
		const out = "_assets/Ep";
		const vault = new BinVault({
			"Ep.md":
				"---\ncineflow:\n  provider: sorahk\n  duration: 10\n---\n" +
				["r1", "u1", "e1", "f1"].map((id) => shotBlock({ id, prompt: `Shot ${id}` })).join("\n"),
			[`${out}/cineflow-jobs.md`]: journalText("Ep.md", [
				{ shotId: "r1", take: 1, outputPath: `${out}/r1.mp4`, status: "submitted", remoteId: "t1" },
				{ shotId: "u1", take: 1, outputPath: `${out}/u1.mp4`, status: "unknown" },
				{ shotId: "e1", take: 1, outputPath: `${out}/e1.mp4`, status: "expired", remoteId: "t5" },
				{ shotId: "f1", take: 1, outputPath: `${out}/f1.mp4`, status: "failed", error: "policy: blocked" },
			]),
		});
		const board = await loadBoard(vault, "Ep.md", settings);
		expect(board.rows.map((r) => [r.shotId, r.message])).toEqual([
			["r1", "已提交，服务商正在生成（再次运行或继续运行时会取回）"],
			["u1", "之前的一次创建请求可能已生成任务，但服务商无法确认"],
			["e1", "下载链接已过期"],
			["f1", "policy: blocked"],
		]);
	});

	it("labels what a shot has cost, always as an estimate, with money in the language's form", () => {
		setLanguage("zh");
		expect(costLabel({ source: "estimate", usd: 0, paidTakes: 0, unknownPrice: 0 }, formatUsd)).toBe("尚无花费");
		expect(costLabel({ source: "estimate", usd: 0.4, paidTakes: 2, unknownPrice: 0 }, formatUsd)).toBe("US$0.40（估算）");
		expect(costLabel({ source: "estimate", usd: 0.4, paidTakes: 3, unknownPrice: 1 }, formatUsd)).toBe("US$0.40，另有 1 个版本价格未知（估算）");
		expect(costLabel({ source: "estimate", usd: 0, paidTakes: 2, unknownPrice: 2 }, formatUsd)).toBe("2 个版本，价格未知");
		setLanguage("en");
		expect(costLabel({ source: "estimate", usd: 0.4, paidTakes: 3, unknownPrice: 1 }, formatUsd)).toBe("$0.40 + 1 of unknown price (estimate)");
		expect(costLabel({ source: "estimate", usd: 0, paidTakes: 1, unknownPrice: 1 }, formatUsd)).toBe("1 take, price unknown");
		expect(costLabel({ source: "estimate", usd: 0, paidTakes: 2, unknownPrice: 2 }, formatUsd)).toBe("2 takes, price unknown");
	});
});
