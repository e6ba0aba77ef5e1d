/** Obsidian's attachment location as an output choice: pure folder rules. */
import { describe, expect, it } from "vitest";
import { attachmentFolderFromSetting, attachmentOutputFolder, usesAttachments } from "../../src/core/paths";
import { DEFAULT_SETTINGS, migrateSettings } from "../../src/core/settings";

describe("attachment folder (Obsidian's 'Default location for new attachments')", () => {
	it("follows attachmentFolderPath: vault root, same folder, a subfolder of the note's folder, a fixed vault folder", () => {
		expect(attachmentFolderFromSetting("Film/Ep.md", undefined)).toBe("");
		expect(attachmentFolderFromSetting("Film/Ep.md", "/")).toBe("");
		expect(attachmentFolderFromSetting("Film/Ep.md", "./")).toBe("Film");
		expect(attachmentFolderFromSetting("Film/Ep.md", "./media")).toBe("Film/media");
		expect(attachmentFolderFromSetting("Ep.md", "./media")).toBe("media");
		expect(attachmentFolderFromSetting("Film/Ep.md", "Attachments")).toBe("Attachments");
		expect(attachmentFolderFromSetting("Film/Ep.md", "../../etc")).toBe("");
	});

	it("one folder per note: the note's own folder path is kept when the attachment folder is elsewhere", () => {
		expect(attachmentOutputFolder("Film/Ep.md", "Film/media")).toBe("Film/media/Ep");
		expect(attachmentOutputFolder("Film/Ep.md", "Film")).toBe("Film/Ep");
		expect(attachmentOutputFolder("Film/Part 2/Ep.md", "Attachments")).toBe("Attachments/Film/Part 2/Ep");
		expect(attachmentOutputFolder("Ep.md", "")).toBe("Ep");
		// Two notes named alike in two folders never share a folder.
		expect(attachmentOutputFolder("A/Ep.md", "Attachments")).not.toBe(attachmentOutputFolder("B/Ep.md", "Attachments"));
	});

	it("sibling _assets stays the default; a note picks with cineflow.output", () => {
		expect(DEFAULT_SETTINGS.outputLocation).toBe("sibling");
		expect(migrateSettings({ version: 2 }).settings.outputLocation).toBe("sibling");
		const sibling = { outputLocation: "sibling" as const };
		const attach = { outputLocation: "attachments" as const };
		expect(usesAttachments(undefined, sibling)).toBe(false);
		expect(usesAttachments("attachments", sibling)).toBe(true);
		expect(usesAttachments(undefined, attach)).toBe(true);
		expect(usesAttachments("_assets", attach)).toBe(false);
	});
});
