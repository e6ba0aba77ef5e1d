/** The run-lock file format every adapter writes and reads (src/ports/lock.ts). */
import { describe, expect, it } from "vitest";
import { lockInfo, parseLockFile, type LockFile } from "../../src/ports/lock";

const FILE: LockFile = { version: 1, nonce: "n-1", runId: "r-42", app: "cli", host: "studio", pid: 4242, acquiredAt: 1_000, heartbeatAt: 2_000 };

describe("parseLockFile", () => {
	it("reads back what an adapter wrote, the plugin's (no host or pid) too", () => {
		expect(parseLockFile(JSON.stringify(FILE))).toEqual(FILE);
		const plugin = { version: 1, nonce: "n-2", runId: "r-7", app: "plugin", acquiredAt: 5, heartbeatAt: 6 };
		expect(parseLockFile(JSON.stringify(plugin))).toEqual(plugin);
	});

	it("is null for no file, text that is not JSON, another version, or a required field missing or of the wrong type", () => {
		expect(parseLockFile(null)).toBeNull();
		expect(parseLockFile("")).toBeNull();
		expect(parseLockFile("{ half a lock")).toBeNull();
		expect(parseLockFile("null")).toBeNull();
		expect(parseLockFile(JSON.stringify({ ...FILE, version: 2 }))).toBeNull();
		for (const key of ["nonce", "runId", "app", "acquiredAt", "heartbeatAt"] as const) {
			const { [key]: _gone, ...rest } = FILE;
			expect(parseLockFile(JSON.stringify(rest)), `without ${key}`).toBeNull();
			expect(parseLockFile(JSON.stringify({ ...FILE, [key]: key.endsWith("At") ? "soon" : 7 })), `${key} of the wrong type`).toBeNull();
		}
	});
});

describe("lockInfo", () => {
	it("is the holder as messages show it: everything but the file's version and nonce", () => {
		expect(lockInfo(FILE)).toEqual({ runId: "r-42", app: "cli", host: "studio", pid: 4242, acquiredAt: 1_000, heartbeatAt: 2_000 });
	});
});
