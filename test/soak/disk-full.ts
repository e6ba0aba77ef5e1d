/**
 * A disk that fills up, for the CLI child processes of the soak. The CLI runs as a
 * real process, so the fault is injected from outside: `node --require <hook>`
 * preloads a module that wraps `fs.promises.writeFile`/`appendFile` (what the CLI's
 * vault, journal, run log and lock write with). While the flag file exists, every
 * write of a file inside the vault writes the first half of its bytes and then fails
 * with ENOSPC, as a real full disk does (a short write, then the error). The soak
 * creates the flag at a random moment of a round and removes it before the next.
 * Production code has no hook for this.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";

const HOOK = `"use strict";
const fs = require("node:fs");
const flag = process.env.CINEFLOW_SOAK_DISK_FULL_FLAG;
const vault = process.env.CINEFLOW_SOAK_VAULT;
if (flag && vault) {
	const p = fs.promises;
	const full = (file) => typeof file === "string" && file.startsWith(vault) && fs.existsSync(flag);
	const enospc = (file) => Object.assign(new Error("ENOSPC: no space left on device, write '" + file + "'"), { code: "ENOSPC", errno: -28, syscall: "write", path: file });
	const half = (data) => (typeof data === "string" ? data.slice(0, Math.floor(data.length / 2)) : data.subarray(0, Math.floor(data.length / 2)));
	for (const name of ["writeFile", "appendFile"]) {
		const real = p[name].bind(p);
		p[name] = async (file, data, ...rest) => {
			if (!full(file)) return real(file, data, ...rest);
			await real(file, half(data), ...rest);
			throw enospc(file);
		};
	}
}
`;

export interface DiskFull {
	/** Environment for the CLI child: the preload and the two variables it reads. */
	env: Record<string, string>;
	/** `node` arguments that load the hook. */
	nodeArgs: string[];
	fill(): Promise<void>;
	free(): Promise<void>;
	dispose(): Promise<void>;
}

/** Writes the hook into a folder of its own (the soak lists every file beside the vault as a write outside it). */
export async function diskFull(vault: string): Promise<DiskFull> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cineflow-soak-disk-"));
	const hook = path.join(dir, "disk-full-hook.cjs");
	const flag = path.join(dir, "disk-full.flag");
	await fs.writeFile(hook, HOOK);
	return {
		env: { CINEFLOW_SOAK_DISK_FULL_FLAG: flag, CINEFLOW_SOAK_VAULT: vault + path.sep },
		nodeArgs: ["--require", hook],
		fill: () => fs.writeFile(flag, ""),
		free: () => fs.rm(flag, { force: true }),
		dispose: () => fs.rm(dir, { recursive: true, force: true }),
	};
}
