/**
 * Plugin bundle only (see esbuild.config.mjs): decodes the named character
 * references remark meets (`&amp;`, `&eacute;` …). The package's browser build
 * touches `document` at load and decodes through innerHTML; its plain build
 * carries a 35 KB entity table. This one knows the common references and asks
 * the platform's HTML parser (DOMParser, present on desktop and mobile) for the
 * rest, on first use. Without a DOM (the vm smoke) other references stay as text.
 */
const COMMON: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

let parser: DOMParser | null = null;

export function decodeNamedCharacterReference(value: string): string | false {
	if (Object.prototype.hasOwnProperty.call(COMMON, value)) return COMMON[value] ?? false;
	if (typeof DOMParser === "undefined") return false;
	parser ??= new DOMParser();
	const reference = `&${value};`;
	const character = parser.parseFromString(reference, "text/html").body.textContent ?? reference;
	// As upstream: a reference that only matched without its semicolon (`&notit;` → `¬it;`) is not one.
	if (character.charCodeAt(character.length - 1) === 59 && value !== "semi") return false;
	return character === reference ? false : character;
}
