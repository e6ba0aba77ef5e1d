/**
 * Builders for what a user writes: a ```shot block and the storyboard note around it.
 * Overrides-based, like obsidian-tasks' TaskBuilder: say only the fields the test is
 * about; the rest are left out (the parser fills them from the note and settings).
 */

/** A shot field's value as a test writes it; `undefined` leaves the field out. */
export type ShotValue = string | number | boolean | readonly string[] | undefined;
export type ShotFields = Record<string, ShotValue>;

/** One value as YAML: strings that YAML would misread (`:`, `#`, leading `[`…) quoted as JSON. */
function yamlValue(v: Exclude<ShotValue, undefined>): string {
	if (Array.isArray(v)) return `[${v.map((x: string) => yamlValue(x)).join(", ")}]`;
	if (typeof v !== "string") return String(v);
	return /[:#]|^[\s[\]{}&*!|>'"%@`,-]|\s$/.test(v) ? JSON.stringify(v) : v;
}

/**
 * A ```shot block with the fields in the order given, e.g.
 * `shotBlock({ id: "s01", prompt: "Rain on the window", duration: 4 })`.
 * `raw` is appended as written (for YAML a field map cannot say: comments, bad values).
 */
export function shotBlock(fields: ShotFields, raw = ""): string {
	const lines = Object.entries(fields)
		.filter((e): e is [string, Exclude<ShotValue, undefined>] => e[1] !== undefined)
		.map(([k, v]) => `${k}: ${yamlValue(v)}\n`);
	return "```shot\n" + lines.join("") + raw + "```\n";
}

/** The shot most tests need: `id`, a prompt made from the id, and any other fields. */
export function aShot(id: string, fields: ShotFields = {}, raw = ""): string {
	return shotBlock({ id, prompt: `${id} scene`, ...fields }, raw);
}

export interface StoryboardOptions {
	/** The note's `cineflow:` front matter (provider, model, duration…); none when absent. */
	cineflow?: Record<string, string | number | boolean>;
	/** A `# title` line (after a blank line when there is front matter). */
	title?: string;
	/** What goes between two blocks (default: a blank line). */
	between?: string;
}

/** A storyboard note: front matter, an optional title, then the blocks. */
export function storyboard(opts: StoryboardOptions, ...blocks: string[]): string {
	const fm = opts.cineflow
		? "---\ncineflow:\n" +
			Object.entries(opts.cineflow)
				.map(([k, v]) => `  ${k}: ${yamlValue(v)}\n`)
				.join("") +
			"---\n"
		: "";
	const title = opts.title === undefined ? "" : `${fm ? "\n" : ""}# ${opts.title}\n\n`;
	return fm + title + blocks.join(opts.between ?? "\n");
}
