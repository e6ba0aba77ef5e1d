/**
 * What each shot field takes, in English, for the model: the assistant's JSON
 * Schema (assistant/schema.ts) describes every field with these words. People
 * never read them; their messages are the catalog's parse.invalid.* entries.
 *
 * i18n-ignore-file: English field descriptions sent to the model, not shown in the interface.
 */

/** The id rule as the model is told it (people read parse.id.* in their language). */
export const ID_RULE = "use 1–64 characters from A–Z, a–z, 0–9, _ and -";

const LINK = "a vault link, a path or an http(s) URL";

export const EXPECTED = {
	text: "text",
	seconds: "a number of seconds",
	orientation: "horizontal or vertical (also landscape, portrait, 16:9, 9:16)",
	size: "WIDTHxHEIGHT, e.g. 1280x720",
	bool: "true or false",
	provider: "a provider id",
	model: "a model id",
	link: LINK,
	oneOf: (values: readonly string[]): string => `one of ${values.join(", ")}`,
	aspect: (values: readonly string[]): string => `one of ${values.join(", ")} (quote it in YAML: "16:9")`,
	seed: "a whole number from 0 to 4294967295",
	onOff: "on or off",
	links: "a list of vault links, paths or http(s) URLs",
	characters: "a list of character names",
	props: "a list of props",
	takes: "a whole number from 1 to 10",
} as const;
