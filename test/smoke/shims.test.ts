/**
 * The plugin bundle's shims (esbuild.config.mjs): the "zod" shim must offer the
 * whole classic API except the namespaces it leaves out on purpose, and the
 * entity decoder must agree with the real table for what it decodes without a DOM.
 */
import { describe, expect, it } from "vitest";
import * as realZod from "zod";
import { decodeNamedCharacterReference as upstream } from "decode-named-character-reference";
import { decodeNamedCharacterReference } from "../../src/shims/decode-named-character-reference";

const LEFT_OUT = ["core", "fromJSONSchema", "locales"];

describe("plugin bundle shims", () => {
	it("src/shims/zod.mjs exports zod's classic API minus locales, core and fromJSONSchema", async () => {
		const shim = (await import("../../src/shims/zod.mjs" as string)) as { z: Record<string, unknown>; default: unknown };
		const missing = Object.keys(realZod.z).filter((k) => !(k in shim.z));
		expect(missing.sort()).toEqual(LEFT_OUT);
		expect(shim.default).toBe(shim.z);
		// Same implementation, not a copy: schemas built through the shim are zod's own.
		const s = (shim.z.object as typeof realZod.z.object)({ n: realZod.z.number().int().min(1) });
		expect(s.safeParse({ n: 0 }).success).toBe(false);
		expect(s.parse({ n: 3 })).toEqual({ n: 3 });
		expect(s).toBeInstanceOf(realZod.z.ZodObject);
		// The script assistant's JSON Schema comes out the same through the shim.
		const toJSONSchema = shim.z.toJSONSchema as typeof realZod.z.toJSONSchema;
		expect(toJSONSchema(s)).toEqual(realZod.z.toJSONSchema(s));
	});

	it("the entity decoder matches the full table for common references and declines the rest without a DOM", () => {
		expect(typeof DOMParser).toBe("undefined");
		for (const name of ["amp", "lt", "gt", "quot", "apos", "nbsp"]) expect(decodeNamedCharacterReference(name)).toBe(upstream(name));
		expect(decodeNamedCharacterReference("eacute")).toBe(false);
		expect(decodeNamedCharacterReference("notareference")).toBe(false);
	});
});
