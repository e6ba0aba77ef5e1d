/** Shared by the CLI security tests: a simulator on loopback with a chosen key, and the built CLI run as a child process. */
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { getProviderInfo, providerIds } from "../../src/core/providers/catalog";
import { createSimulator, simBaseUrl, type Scenario, type Simulator } from "../../src/sim/index";
import { ScaledClock } from "../../src/clocks/scaled";

export const SCALE = 2000;

export interface SimHandle {
	sim: Simulator;
	clock: ScaledClock;
	origin: string;
	close(): Promise<void>;
}

/** The simulator on 127.0.0.1; `serverKey` is the key it accepts (another one gets the provider's 401). */
export async function startSimWithKey(serverKey: string, scenario: Partial<Scenario>, seed = 1): Promise<SimHandle> {
	const clock = new ScaledClock(SCALE);
	// A second secret (Kling's, which signs its JWTs) derived from the key, so the canary finds it too.
	// The CLI runs on its own ScaledClock, started later: its time is far behind ours.
	const sim = createSimulator({
		clock,
		seed,
		apiKey: serverKey,
		secondKey: `${serverKey}-secret`,
		clockSkewMs: 7 * 24 * 3600_000,
		scenario: { jobDurationMs: { min: 60_000, max: 180_000 }, progressCurve: "linear", ...scenario },
	});
	const srv = await sim.listen(0);
	return { sim, clock, origin: srv.origin, close: () => srv.close() };
}

export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `cineflow generate` as a real process with `key` in every key variable. */
export function runCli(cli: string, args: string[], key: string, timeoutMs = 90_000): Promise<CliRun> {
	const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", CINEFLOW_API_KEY: key };
	for (const id of providerIds()) {
		const info = getProviderInfo(id);
		if (info?.keyEnv) env[info.keyEnv] = key;
		if (info?.secondKey) env[info.secondKey.env] = `${key}-secret`;
	}
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [cli, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
		child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
		const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
		child.on("exit", (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

export function generateArgs(target: string, vault: string, provider: string, origin: string, extra: string[] = []): string[] {
	return ["generate", target, "--vault", vault, "--provider", provider, "--base-url", simBaseUrl(origin, provider), "--time-scale", String(SCALE), ...extra];
}

/** Every file under `dir` (relative, '/'-separated), with its bytes. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
	const out = new Map<string, Buffer>();
	for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
		if (!e.isFile()) continue;
		const full = path.join(e.parentPath, e.name);
		out.set(path.relative(dir, full).split(path.sep).join("/"), await fs.readFile(full));
	}
	return out;
}
