/**
 * The built CLI as a child process: `--version` from package.json (bundled at
 * build time), and a usage error is one line plus where the usage is.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useBuiltCli } from "./use-cli";

const built = useBuiltCli();
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

function run(args: string[]): { code: number | null; out: string; err: string } {
	const r = spawnSync(process.execPath, [built.path, ...args], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
	return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("cineflow basics (built CLI)", () => {
	it("--version prints the package version", () => {
		for (const flag of ["--version", "-v"]) {
			const r = run([flag]);
			expect(r.code).toBe(0);
			expect(r.out).toBe(`cineflow ${pkg.version}\n`);
		}
	});

	it("a usage error prints one line and where the usage is, not the whole usage", () => {
		for (const args of [["generate"], ["frobnicate"], ["generate", "x.md", "--concurrency", "0"]]) {
			const r = run(args);
			expect(r.code).toBe(2);
			const lines = r.err.trimEnd().split("\n");
			expect(lines).toHaveLength(2);
			expect(lines[0]).toMatch(/^cineflow: /);
			expect(lines[1]).toBe("Run cineflow --help for usage.");
			expect(r.out).toBe("");
		}
	});

	it("--help still prints the usage, and it lists --version", () => {
		const r = run(["--help"]);
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/^usage:\n {2}cineflow --version\n/);
	});

	it("runs through a symlink named cineflow (what npm link and npx put on PATH)", () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), "cineflow-bin-"));
		try {
			const link = path.join(dir, "cineflow");
			symlinkSync(built.path, link);
			const r = spawnSync(process.execPath, [link, "--version"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
			expect(r.stdout).toBe(`cineflow ${pkg.version}\n`);
			expect(r.status).toBe(0);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
