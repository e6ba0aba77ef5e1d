// i18n-ignore-file: the CLI's own argument parser as it was before node:util parseArgs (commit 2243c22), kept only to measure against
/** Command-line parsing for `cineflow`, without dependencies. */

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

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): Parsed {
	const positional: string[] = [];
	const flags: Record<string, string | boolean> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === "--") {
			positional.push(...argv.slice(i + 1));
			break;
		}
		if (!arg.startsWith("--")) {
			positional.push(arg);
			continue;
		}
		const eq = arg.indexOf("=");
		const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
		const s = spec[name];
		if (!s) throw new UsageError(`unknown option --${name}`);
		if (s.type === "boolean") {
			if (eq > 0) throw new UsageError(`--${name} takes no value`);
			flags[name] = true;
			continue;
		}
		let value: string | undefined;
		if (eq > 0) value = arg.slice(eq + 1);
		else {
			value = argv[i + 1];
			i++;
		}
		if (value === undefined || (value.startsWith("--") && eq < 0)) throw new UsageError(`--${name} needs a value`);
		if (s.values && !s.values.includes(value)) throw new UsageError(`--${name} must be one of ${s.values.join(", ")} (got ${value})`);
		flags[name] = value;
	}
	return { positional, flags };
}

export function intFlag(flags: Parsed["flags"], name: string, min: number, max: number): number | undefined {
	const v = flags[name];
	if (v === undefined) return undefined;
	const n = Number(v);
	if (typeof v !== "string" || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got ${String(v)})`);
	return n;
}

export function numFlag(flags: Parsed["flags"], name: string, min: number): number | undefined {
	const v = flags[name];
	if (v === undefined) return undefined;
	const n = Number(v);
	if (typeof v !== "string" || !Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min} (got ${String(v)})`);
	return n;
}

export function strFlag(flags: Parsed["flags"], name: string): string | undefined {
	const v = flags[name];
	return typeof v === "string" ? v : undefined;
}
