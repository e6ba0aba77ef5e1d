/** Structural mutations of JSON values: wrong types, nulls, huge strings, deep nesting, planted secrets. */
import fc from "fast-check";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every container path in `v` (the root included). */
function paths(v: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
	out.push(at);
	if (out.length > 2000) return out;
	if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
	else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
	return out;
}

function deep(n: number): Json {
	let v: Json = "bottom";
	for (let i = 0; i < n; i++) v = i % 2 ? [v] : { d: v };
	return v;
}

export interface JsonOp {
	k: number;
	a: number;
	b: number;
	s: string;
	any: unknown;
}

export const jsonOpArb: fc.Arbitrary<JsonOp> = fc.record({
	k: fc.nat({ max: 13 }),
	a: fc.nat(),
	b: fc.nat(),
	s: fc.string({ unit: "binary", maxLength: 16 }),
	any: fc.jsonValue({ maxDepth: 3 }),
});

/** Values a careless server or a hand-edited file might put anywhere. */
function replacement(op: JsonOp, secret: string): unknown {
	switch (op.b % 16) {
		case 0:
			return null;
		case 1:
			return [];
		case 2:
			return {};
		case 3:
			return op.a;
		case 4:
			return -op.a / 7;
		case 5:
			return String(op.a);
		case 6:
			return "x".repeat(50_000 + (op.a % 4) * 50_000);
		case 7:
			return op.s;
		case 8:
			return deep(10 + (op.a % 200));
		case 9:
			return `error for key ${secret}: Authorization: Bearer ${secret}`;
		case 10:
			return true;
		case 11:
			return [op.any, op.any];
		case 12:
			return JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}') as unknown;
		case 13:
			return 1e308 * 10;
		case 14:
			return `https://evil.test/v.mp4?sig=SIGSECRET${op.a}&X-Amz-Signature=AMZSECRET${op.a}`;
		default:
			return op.any;
	}
}

/** Returns a mutated deep copy (JSON round trip first, so the input is never touched). */
export function mutateJson(value: unknown, op: JsonOp, secret: string): unknown {
	const root: unknown = JSON.parse(JSON.stringify(value ?? null)) as unknown;
	const all = paths(root);
	const target = all[op.a % all.length] ?? [];
	if (target.length === 0) return op.k % 3 === 0 ? replacement(op, secret) : root;
	let parent: unknown = root;
	for (const key of target.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
	const last = target[target.length - 1] as string | number;
	const p = parent as Record<string | number, unknown>;
	switch (op.k % 5) {
		case 0:
			delete p[last];
			break;
		case 1:
			if (Array.isArray(p)) p.splice(Number(last), 0, replacement(op, secret));
			else p[op.s || "extra"] = replacement(op, secret);
			break;
		default:
			p[last] = replacement(op, secret);
	}
	return root;
}

/** JSON text with text-level damage: truncation, a flipped character, BOM, CRLF. */
export function damageText(text: string, op: JsonOp): string {
	switch (op.k % 7) {
		case 0:
			return text.slice(0, op.a % (text.length + 1));
		case 1: {
			const i = op.a % Math.max(1, text.length);
			return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << (op.b % 7)) || 32) + text.slice(i + 1);
		}
		case 2:
			return "\uFEFF" + text;
		case 3:
			return text.replace(/\n/g, "\r\n");
		case 4:
			return text + text;
		case 5:
			return text.slice(0, op.a % (text.length + 1)) + op.s + text.slice(op.a % (text.length + 1));
		default:
			return text;
	}
}
