/** Builds the CLI once for a test file (beforeAll) and removes it afterwards (afterAll). */
import { afterAll, beforeAll } from "vitest";
import { buildCli } from "./cli-build";

export function useBuiltCli(): { readonly path: string } {
	const built = { path: "" };
	let dispose: () => Promise<void> = () => Promise.resolve();
	beforeAll(async () => {
		const b = await buildCli();
		built.path = b.cli;
		dispose = b.dispose;
	});
	afterAll(() => dispose());
	return built;
}
