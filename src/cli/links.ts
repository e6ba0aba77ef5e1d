/** Embed lines for the CLI: wikilinks by default, Markdown links with --link-style markdown. */
import path from "node:path";

export function cliEmbedLine(videoPath: string, notePath: string, style: "wiki" | "markdown"): string {
	const noteDir = path.posix.dirname(notePath);
	const rel = noteDir === "." ? videoPath : path.posix.relative(noteDir, videoPath);
	if (style === "wiki") return `![[${rel}]]`;
	const encoded = rel
		.split("/")
		.map((s) => encodeURIComponent(s))
		.join("/");
	return `![](${encoded})`;
}
