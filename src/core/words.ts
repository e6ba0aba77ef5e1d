/** Counted nouns for messages: "1 job", "2 jobs", "1 entry", "3 entries". */
export function plural(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}
