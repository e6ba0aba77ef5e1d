/** Embed lines for generated videos (src/obsidian/links.ts). */
import { describe, expect, it } from "vitest";
import { embedLineFor, pathEmbed } from "../../src/obsidian/links";
import { createApp__ } from "../stubs/obsidian";

describe("embed links", () => {
	it("follow the vault's link format but always name the output folder", async () => {
		const app = await createApp__({ "Film/Ep.md": "x", "Film/_assets/Ep/s01.mp4": new Uint8Array([1]) });
		// Wikilinks, shortest path: Obsidian would write [[s01.mp4]]; a later run could not recognize it.
		expect(embedLineFor(app as never, "vault", "Film/_assets/Ep/s01.mp4", "Film/Ep.md")).toBe("![[_assets/Ep/s01.mp4]]");
		app.vault.setConfig__("useMarkdownLinks", true);
		expect(embedLineFor(app as never, "vault", "Film/_assets/Ep/s01.mp4", "Film/Ep.md")).toBe("![s01](_assets/Ep/s01.mp4)");
		// Not yet indexed (written through the adapter a moment ago): same format, path-based.
		expect(embedLineFor(app as never, "vault", "Film/_assets/Ep/s 02.mp4", "Film/Ep.md")).toBe("![](_assets/Ep/s%2002.mp4)");
		expect(embedLineFor(app as never, "wiki", "Film/_assets/Ep/s01.mp4", "Film/Ep.md")).toBe("![[_assets/Ep/s01.mp4]]");
		expect(pathEmbed("_assets/Ep/s01.mp4", "Other/Ep.md", "markdown")).toBe("![](../_assets/Ep/s01.mp4)");
	});
});
