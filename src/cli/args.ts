/**
 * Command-line parsing for `cineflow`, on `node:util` parseArgs. Its tokens are
 * checked against each command's flags here, so that every problem is one
 * usage line in the user's language (and no message text is ever parsed).
 */
import { parseArgs as parseTokens } from "node:util";
import { formatList, language, t } from "../core";

export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "UsageError";
	}
}

export interface FlagSpec {
	/** "string" flags take a value; "boolean" flags do not. */
	type: "string" | "boolean";
	/** Allowed values, for error messages. */
	values?: string[];
}

export interface Parsed {
	positional: string[];
	flags: Record<string, string | boolean>;
}

/** The streams and environment a command uses: its deps' (tests), else the process's. */
export function commandIo<O extends NodeJS.WritableStream>(deps: {
	out?: O;
	err?: NodeJS.WritableStream;
	env?: NodeJS.ProcessEnv;
}): {
	out: O | NodeJS.WriteStream;
	err: NodeJS.WritableStream;
	env: NodeJS.ProcessEnv;
} {
	return { out: deps.out ?? process.stdout, err: deps.err ?? process.stderr, env: deps.env ?? process.env };
}

/**
 * The arguments of a command that takes one path: its flags, that path and --vault;
 * null when --help was asked for (the usage is then written to `out`). Any other
 * number of paths is a usage error saying `one`.
 */
export function onePathArgs(
	argv: string[],
	spec: Record<string, FlagSpec>,
	out: NodeJS.WritableStream,
	usage: () => string,
	one: () => string,
): { flags: Parsed["flags"]; path: string; vaultFlag?: string } | null {
	const { positional, flags } = parseArgs(argv, spec);
	if (flags.help) {
		out.write(`${usage()}\n`);
		return null;
	}
	if (positional.length !== 1) throw new UsageError(one());
	return { flags, path: positional[0] as string, vaultFlag: strFlag(flags, "vault") };
}

/**
 * `--name value`, `--name=value` and `--flag`; everything after `--` and every
 * argument that is not a long option (`-`, `-x`) is positional.
 */
export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): Parsed {
	const options = Object.fromEntries(Object.entries(spec).map(([name, s]) => [name, { type: s.type }]));
	// Not strict: unknown flags and missing values come back as tokens, checked below.
	const { tokens } = parseTokens({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
	const positional: string[] = [];
	const flags: Record<string, string | boolean> = {};
	let lastShort = -1;
	for (const tok of tokens) {
		if (tok.kind === "positional") positional.push(tok.value);
		if (tok.kind !== "option") continue;
		if (!tok.rawName.startsWith("--")) {
			// A short option (or a group of them, one token each) is an argument like any other.
			if (tok.index !== lastShort) positional.push(argv[tok.index] as string);
			lastShort = tok.index;
			continue;
		}
		const name = tok.name;
		const s = spec[name];
		if (!s) throw new UsageError(t("cli.args.unknownOption", { name }));
		if (s.type === "boolean") {
			if (tok.value !== undefined) throw new UsageError(t("cli.args.noValue", { name }));
			flags[name] = true;
			continue;
		}
		const value = tok.value;
		if (value === undefined || (!tok.inlineValue && value.startsWith("--"))) throw new UsageError(t("cli.args.needsValue", { name }));
		if (s.values && !s.values.includes(value)) throw new UsageError(t("cli.args.oneOf", { name, values: formatList(language(), s.values), value }));
		flags[name] = value;
	}
	return { positional, flags };
}

export function intFlag(flags: Parsed["flags"], name: string, min: number, max: number): number | undefined {
	const v = flags[name];
	if (v === undefined) return undefined;
	const n = Number(v);
	if (typeof v !== "string" || !Number.isInteger(n) || n < min || n > max)
		throw new UsageError(t("cli.args.wholeNumber", { name, min, max, value: String(v) }));
	return n;
}

export function numFlag(flags: Parsed["flags"], name: string, min: number): number | undefined {
	const v = flags[name];
	if (v === undefined) return undefined;
	const n = Number(v);
	if (typeof v !== "string" || !Number.isFinite(n) || n < min) throw new UsageError(t("cli.args.number", { name, min, value: String(v) }));
	return n;
}

export function strFlag(flags: Parsed["flags"], name: string): string | undefined {
	const v = flags[name];
	return typeof v === "string" ? v : undefined;
}
