/**
 * The settings schema, its TypeScript type and the defaults, generated from the
 * table (table.ts). The table's flat paths become nested objects; `providers.*.x`
 * becomes a field of every entry of the `providers` record. Pure.
 */
import * as z from "zod/mini";
import "../zod-locale";
import { declaredModelSchema, type DeclaredModel } from "../providers/declared";
import { setAt, type SettingDecl, type ValueOf } from "./declare";
import { SETTING_TABLE, type SettingEntry } from "./table";

export const SETTINGS_VERSION = 2;

// ----------------------------------------------------------------- the type

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Fields<X> = Simplify<
	{ [D in X as D extends { empty: "absent" } ? never : D extends { path: infer P extends string } ? P : never]: ValueOf<D> } & {
		[D in X as D extends { empty: "absent" } ? (D extends { path: infer P extends string } ? P : never) : never]?: ValueOf<D>;
	}
>;
type TopLevel<X> = X extends { path: `${string}.${string}` } ? never : X;
type Within<X, H extends string> = X extends { path: `${H}.${infer T}` } ? Omit<X, "path"> & { path: T } : never;
type Heads<X> = X extends { path: `${infer H}.${string}` } ? (H extends "providers" ? never : H) : never;

export type ProviderSettings = Fields<Within<SettingEntry, "providers.*">>;
export interface PriceOverride {
	perSecond: number | null;
	proPerSecond: number | null;
}

export type Settings = Simplify<
	{ version: typeof SETTINGS_VERSION; providers: Record<string, ProviderSettings>; models: DeclaredModel[]; prices: Record<string, PriceOverride> } & Fields<
		TopLevel<SettingEntry>
	> & {
			[H in Heads<SettingEntry>]: Fields<Within<SettingEntry, H>>;
		}
>;

// ----------------------------------------------------------------- the schema

function leaf(d: SettingDecl): z.ZodMiniType {
	let s: z.ZodMiniType;
	switch (d.kind) {
		case "number": {
			const n = z.number();
			s = d.int ? n.check(z.int(), z.minimum(d.min), z.maximum(d.max)) : n.check(z.minimum(d.min), z.maximum(d.max));
			if (d.empty === "null") return z.nullable(s);
			break;
		}
		case "boolean":
			s = z.boolean();
			break;
		case "enum":
			s = z.enum(d.values as [string, ...string[]]);
			break;
		case "text":
			s = d.required ? z.string().check(z.minLength(1)) : z.string();
			break;
		case "secret":
			// A secret's id: required unless the key may be left out (then a default id is used).
			s = d.empty === "absent" ? z.string() : z.string().check(z.minLength(1));
			break;
	}
	return "empty" in d && d.empty === "absent" ? z.optional(s) : s;
}

type Shape = Record<string, z.ZodMiniType>;

/** Nested zod object shapes from flat paths (`a.b` → { a: { b } }). */
function shapeOf(entries: readonly SettingDecl[], prefix = ""): Shape {
	const groups = new Map<string, SettingDecl[]>();
	const shape: Shape = {};
	for (const e of entries) {
		const rest = e.path.slice(prefix.length);
		const dot = rest.indexOf(".");
		if (dot < 0) shape[rest] = leaf(e);
		else {
			const head = rest.slice(0, dot);
			groups.set(head, [...(groups.get(head) ?? []), e]);
		}
	}
	for (const [head, list] of groups) {
		if (head === "providers") continue;
		shape[head] = z.object(shapeOf(list, `${prefix}${head}.`));
	}
	return shape;
}

const TABLE: readonly SettingDecl[] = SETTING_TABLE;
const PROVIDER_ENTRIES = TABLE.filter((e) => e.path.startsWith("providers.*."));

export const providerSettingsSchema = z.object(shapeOf(PROVIDER_ENTRIES, "providers.*."));

export const priceOverrideSchema = z.object({
	perSecond: z.nullable(z.number().check(z.nonnegative())),
	proPerSecond: z.nullable(z.number().check(z.nonnegative())),
});

export const settingsSchema = z.object({
	version: z.literal(SETTINGS_VERSION),
	providers: z.record(z.string(), providerSettingsSchema),
	/** Models the user declares (any id a relay or aggregator serves), with their capabilities. */
	models: z.array(declaredModelSchema),
	/** `<provider>/<model>` → price override in USD per second. */
	prices: z.record(z.string(), priceOverrideSchema),
	...shapeOf(TABLE.filter((e) => !e.path.startsWith("providers."))),
}) as unknown as z.ZodMiniType<Settings>;

/** The nested sections of the settings (`concurrency`, `polling`, …): migration fills each from the defaults. */
export const SETTING_SECTIONS: readonly string[] = [
	...new Set(TABLE.map((e) => e.path.split(".")[0] as string).filter((h) => h !== "providers" && TABLE.some((e) => e.path.startsWith(`${h}.`)))),
];

function buildDefaults(): Settings {
	const out: Record<string, unknown> = { version: SETTINGS_VERSION, providers: {}, models: [], prices: {} };
	for (const e of TABLE) {
		if (e.path.startsWith("providers.")) continue;
		const [head] = e.path.split(".");
		if (head && e.path.includes(".") && out[head] === undefined) out[head] = {};
		if (e.default !== undefined) setAt(out, e.path, e.default);
	}
	return out as Settings;
}

export const DEFAULT_SETTINGS: Settings = buildDefaults();
