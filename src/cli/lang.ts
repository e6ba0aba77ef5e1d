/**
 * The CLI's language: `--lang en|zh` on any command, else LC_ALL, then
 * LC_MESSAGES, then LANG; English by default. `--json` output is language-neutral,
 * so with --json the text inside it is always English.
 */
import { type Lang, resolveLanguage, t } from "../core";
import { UsageError } from "./args";

export interface LanguageChoice {
	lang: Lang;
	/** The arguments without `--lang`, for the command's own parser. */
	argv: string[];
}

/** Reads (and removes) `--lang X` / `--lang=X` before `--`; checks the value. */
export function chooseLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): LanguageChoice {
	const rest: string[] = [];
	let flag: string | undefined;
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === "--") {
			rest.push(...argv.slice(i));
			break;
		}
		if (a === "--json") json = true;
		if (a === "--lang" || a.startsWith("--lang=")) {
			flag = a === "--lang" ? argv[++i] : a.slice("--lang=".length);
			if (flag !== "en" && flag !== "zh") throw new UsageError(t("cli.args.lang", { value: flag ?? "" }));
			continue;
		}
		rest.push(a);
	}
	const fromEnv = resolveLanguage(env.LC_ALL) ?? resolveLanguage(env.LC_MESSAGES) ?? resolveLanguage(env.LANG);
	const lang: Lang = json ? "en" : ((flag as Lang | undefined) ?? fromEnv ?? "en");
	return { lang, argv: rest };
}
