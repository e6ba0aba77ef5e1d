/**
 * Takes an earlier run left "unknown" (a create whose answer was lost): reconciled
 * by every means the provider offers, and otherwise put to the user as a choice
 * (`--resubmit-unknown`); never re-sent silently, never stranded silently.
 * Counted from the simulator's request log.
 */
import { afterEach, describe, expect, it } from "vitest";
import { promises as fs } from "node:fs";
import path from "node:path";
import { FsVault } from "../../src/cli/fs-vault";
import { createNodeHttp } from "../../src/cli/http";
import { cliEmbedLine } from "../../src/cli/links";
import { Journal, JOURNAL_NAME, parseJournalText } from "../../src/core/journal";
import { getAdapter } from "../../src/core/providers/index";
import { runGeneration } from "../../src/core/run/runner";
import { DEFAULT_SETTINGS } from "../../src/core/settings";
import { simBaseUrl } from "../../src/sim/index";
import { createRedactor } from "../../src/core/redact";
import { generate, KEY, listAll, shot, startSim, tempVault, type Harness } from "./helpers";
import { seededRandom } from "../../src/core/scheduler/random";

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
});

const accepted = (h: Harness) => h.sim.log.filter((e) => e.route === "create" && e.status === 200).length;

async function statusOf(vault: string, id: string): Promise<string | undefined> {
	const data = parseJournalText(await fs.readFile(path.join(vault, "_assets/Ep", JOURNAL_NAME), "utf8")) as { entries: Record<string, { status: string }> };
	return data.entries[`${id}#1`]?.status;
}

describe("unknown takes", () => {
	it("without a way to look the task up: reported with the choice, not re-sent; --resubmit-unknown sends it once more", async () => {
		// Runway lists no tasks; its first create is made and then answered 502.
		h = await startSim({ post502AfterCreate: { nth: [1] } });
		const vault = await tempVault({ "Ep.md": shot("s01", "Lost answer shot") });
		const args = ["--provider", "runway", "--base-url", simBaseUrl(h.origin, "runway")];
		const first = await generate(h, vault, "Ep.md", [...args, "--json"]);
		expect(first.code).toBe(1);
		expect(accepted(h)).toBe(0);
		expect(h.sim.log.filter((e) => e.route === "create" && e.fault === "post502")).toHaveLength(1);
		expect(await statusOf(vault, "s01")).toBe("unknown");

		const again = await generate(h, vault, "Ep.md", [...args, "--json"]);
		expect(again.code).toBe(1);
		expect(h.sim.log.filter((e) => e.route === "create")).toHaveLength(1);
		expect(again.out).toContain("--resubmit-unknown");

		const chosen = await generate(h, vault, "Ep.md", [...args, "--json", "--resubmit-unknown"]);
		expect(chosen.code).toBe(0);
		expect(h.sim.log.filter((e) => e.route === "create")).toHaveLength(2);
		expect((await listAll(vault)).filter((f) => f.endsWith(".mp4"))).toEqual(["_assets/Ep/s01.mp4"]);
		expect(await statusOf(vault, "s01")).toBe("done");
	});

	it("with a task list: an earlier 'unknown' is looked up again on the next run, found, adopted and downloaded (no new create)", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "Recovered by lookup") });
		const settings = { ...structuredClone(DEFAULT_SETTINGS), provider: "sorahk" };
		const base = simBaseUrl(h.origin, "sorahk");
		settings.providers.sorahk = { baseUrl: base };
		const fsv = new FsVault(vault);
		const http = createNodeHttp();
		try {
			const plan = await runGeneration({
				target: "Ep.md",
				mode: "dry-run",
				settings,
				vault: fsv,
				http,
				clock: h.clock,
				random: seededRandom(13),
				secrets: { getKey: () => KEY },
				embedLine: (v, n) => cliEmbedLine(v, n, "wiki"),
				missingKey: () => "no key",
			});
			const job = plan.work[0]?.job;
			if (!job) throw new Error("no job planned");
			// An earlier run sent the create (the provider made the task) and recorded "unknown".
			const sentAt = h.clock.now();
			const ctx = { baseUrl: base, apiKey: KEY, redact: createRedactor([KEY]), now: sentAt };
			const res = await http.request(
				getAdapter("sorahk").buildCreate(
					{
						model: job.model,
						prompt: job.prompt,
						duration: job.duration,
						orientation: job.orientation,
						size: job.size,
						pro: job.pro,
						resolution: job.resolution,
						aspect: job.aspect,
					},
					ctx,
				),
			);
			expect(res.status).toBe(200);
			const j = await Journal.open(fsv, job.outputFolder, job.notePath);
			await j.update(
				job.shotId,
				1,
				{ status: "unknown", error: "Unknown: may have been created.", submittedAt: sentAt - 1000, updatedAt: sentAt },
				{ shotId: job.shotId, take: 1, provider: "sorahk", model: job.model, promptHash: job.promptHash, outputPath: job.outputPath },
			);
		} finally {
			await http.close();
		}
		expect(accepted(h)).toBe(1);
		const r = await generate(h, vault, "Ep.md", ["--json"]);
		expect(r.code).toBe(0);
		expect(accepted(h)).toBe(1);
		expect(h.sim.log.some((e) => e.route === "list")).toBe(true);
		expect((await listAll(vault)).filter((f) => f.endsWith(".mp4"))).toEqual(["_assets/Ep/s01.mp4"]);
		expect(await statusOf(vault, "s01")).toBe("done");
	});
});
