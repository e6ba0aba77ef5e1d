/** What a run gathers (src/core/run/gather.ts). */
import { describe, expect, it } from "vitest";
import { targetFiles } from "../../../src/core/run/gather";
import { JOURNAL_NAME } from "../../../src/core/journal-file";
import { MemVault } from "../../support/mem-vault";

describe("targetFiles", () => {
	it("never takes a journal for a note: it is Markdown, but CineFlow's own (a run over the vault once gave it an output folder and a run log)", async () => {
		const v = new MemVault({
			"Ep/Show.md": "# Show",
			[`Ep/_assets/Show/${JOURNAL_NAME}`]: "journal",
			"Ep/_assets/Show/notes about the take.md": "a user's own note in the folder is still a note",
			".hidden/x.md": "hidden",
		});
		expect(await targetFiles(v, "")).toEqual(["Ep/Show.md", "Ep/_assets/Show/notes about the take.md"]);
	});
});
