// Minimal typings for js-yaml 3 (bundled with gray-matter), used by the test stub only.
declare module "js-yaml" {
	export function safeLoad(text: string): unknown;
	export function safeDump(value: unknown, options?: { lineWidth?: number }): string;
}
