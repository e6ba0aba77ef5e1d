/**
 * Guards against hostile YAML/JSON: a value built from aliases ("billion laughs")
 * is small in memory but huge to walk. `withinBudget` walks it once, iteratively,
 * counting every visit (shared references count every time they are reached) and
 * stops as soon as the budget or the depth limit is exceeded.
 */

export const MAX_NODES = 50_000;
export const MAX_DEPTH = 64;

export function withinBudget(value: unknown, maxNodes = MAX_NODES, maxDepth = MAX_DEPTH): boolean {
	const stack: Array<[unknown, number]> = [[value, 0]];
	let visited = 0;
	while (stack.length) {
		const [v, depth] = stack.pop()!;
		if (++visited > maxNodes) return false;
		if (v === null || typeof v !== "object") continue;
		if (depth >= maxDepth) return false;
		if (Array.isArray(v)) {
			for (const item of v) stack.push([item, depth + 1]);
		} else if (!(v instanceof Date)) {
			for (const key of Object.keys(v)) stack.push([(v as Record<string, unknown>)[key], depth + 1]);
		}
		if (stack.length > maxNodes) return false;
	}
	return true;
}

/** `table[key]` for own keys only ("constructor" or "__proto__" never reach the prototype). */
export function own<T>(table: Readonly<Record<string, T>>, key: string | number): T | undefined {
	return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** A plain key/value object (not an array, not a Date). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);
}
