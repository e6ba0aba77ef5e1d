/**
 * Embed lines for videos. "vault" (the default) follows the user's Files & Links
 * settings through `fileManager.generateMarkdownLink`; when that link would not
 * name the output folder (e.g. "shortest path" gives `![[s01.mp4]]`), a later run
 * could not recognize it under its shot, so the same link format is written with
 * the path relative to the note instead. "wiki" and "markdown" force a format.
 */
import { TFile, type App } from "obsidian";
import { embedRecognizer } from "../core";

function relativeTo(notePath: string, target: string): string {
	const from = notePath.includes("/") ? notePath.slice(0, notePath.lastIndexOf("/")).split("/") : [];
	const to = target.split("/");
	let i = 0;
	while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
	return [...from.slice(i).map(() => ".."), ...to.slice(i)].join("/");
}

export function pathEmbed(videoPath: string, notePath: string, style: "wiki" | "markdown"): string {
	const rel = relativeTo(notePath, videoPath);
	if (style === "wiki") return `![[${rel}]]`;
	return `![](${rel.split("/").map(encodeURIComponent).join("/")})`;
}

export function embedLineFor(app: App, linkStyle: "vault" | "wiki" | "markdown", videoPath: string, notePath: string): string {
	if (linkStyle !== "vault") return pathEmbed(videoPath, notePath, linkStyle);
	const file = app.vault.getAbstractFileByPath(videoPath);
	const note = app.vault.getAbstractFileByPath(notePath);
	// The user's link format, read from a link Obsidian generates (no private config API).
	const sample = file instanceof TFile ? file : note instanceof TFile ? note : null;
	const markdown = sample ? !app.fileManager.generateMarkdownLink(sample, notePath).startsWith("[[") : false;
	if (file instanceof TFile) {
		const link = app.fileManager.generateMarkdownLink(file, notePath);
		const embed = link.startsWith("!") ? link : `!${link}`;
		const folder = videoPath.slice(0, videoPath.lastIndexOf("/"));
		const hint = folder.split("/").slice(-2).join("/");
		if (embedRecognizer(hint)(embed)) return embed;
	}
	return pathEmbed(videoPath, notePath, markdown ? "markdown" : "wiki");
}
