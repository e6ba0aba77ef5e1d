// Browser-safe stand-in for the global `Buffer`, injected into the plugin bundle
// only. gray-matter calls `Buffer.from(string)` to keep an `orig` copy of its input,
// which CineFlow never reads; a byte array is enough.
export const Buffer = {
	from(input: string): Uint8Array {
		return new TextEncoder().encode(input);
	},
	isBuffer(): boolean {
		return false;
	},
};
