/**
 * What a user reads in a rendered view, as plain text for approval snapshots: one
 * line a block (div, row, heading, summary…), indented by nesting; inline elements
 * and text on their block's line (sibling elements one space apart); table cells
 * separated by " | "; buttons as [label] (an icon button by its aria-label),
 * disabled ones marked; progress bars as a line [progress n/max]; blocks hidden with
 * `cineflow-hidden` marked (hidden).
 * Works on the test stub's FakeElement and on a real DOM (Chromium host).
 */

const BLOCK = new Set([
	"PROGRESS",
	"DIV",
	"P",
	"H1",
	"H2",
	"H3",
	"H4",
	"H5",
	"H6",
	"TABLE",
	"THEAD",
	"TBODY",
	"TR",
	"DETAILS",
	"SUMMARY",
	"UL",
	"OL",
	"LI",
	"SECTION",
	"PRE",
]);

type Child = HTMLElement | string;

function childrenOf(el: HTMLElement): Child[] {
	const out: Child[] = [];
	for (const n of Array.from(el.childNodes as ArrayLike<Node | string>)) {
		if (typeof n === "string") out.push(n);
		else if (n.nodeType === 3) out.push(n.textContent ?? "");
		else if (n.nodeType === 1 || n.nodeType === undefined) out.push(n as HTMLElement);
	}
	return out;
}

/** Inline elements side by side are set apart by CSS; here by one space. */
const join = (line: string, next: string): string => (line && next && !/\s$/.test(line) && !/^\s/.test(next) ? `${line} ${next}` : line + next);

const squash = (s: string): string => s.replace(/\s+/g, " ").trim();

/** An inline element's text on its block's line. */
function inline(el: HTMLElement): string {
	const text = childrenOf(el)
		.map((c) => (typeof c === "string" ? c : BLOCK.has(c.tagName) ? ` ${squash(inline(c))} ` : inline(c)))
		.join("");
	if (el.tagName === "BUTTON") {
		const label = squash(text) || el.getAttribute("aria-label") || "";
		return `[${label}${(el as HTMLButtonElement).disabled ? ", disabled" : ""}]`;
	}
	if (el.tagName === "TD" || el.tagName === "TH") return squash(text);
	return text;
}

function block(el: HTMLElement, depth: number, lines: string[]): void {
	const pad = "  ".repeat(Math.max(0, depth));
	const start = lines.length;
	if (el.tagName === "PROGRESS") {
		lines.push(`${pad}[progress ${el.getAttribute("value") ?? "?"}/${el.getAttribute("max") ?? "?"}]`);
	} else if (el.tagName === "TR") {
		const cells = childrenOf(el).filter((c): c is HTMLElement => typeof c !== "string");
		const row = cells.map((c) => inline(c)).join(" | ");
		if (squash(row.replace(/\|/g, ""))) lines.push(pad + row);
	} else {
		let line = "";
		const flush = (): void => {
			if (squash(line)) lines.push(pad + squash(line));
			line = "";
		};
		for (const c of childrenOf(el)) {
			if (typeof c === "string") line += c;
			else if (BLOCK.has(c.tagName)) {
				flush();
				block(c, depth + 1, lines);
			} else line = join(line, inline(c));
		}
		flush();
	}
	// A hidden block says so on its first line (its text is still there, for the snapshot to show).
	const first = lines[start];
	if (first !== undefined && el.classList.contains("cineflow-hidden")) lines[start] = first.replace(/^( *)/, "$1(hidden) ");
}

/** The text of `root` and everything under it, a line a block. */
export function domText(root: HTMLElement): string {
	const lines: string[] = [];
	block(root, -1, lines);
	return lines.join("\n") + "\n";
}
