/**
 * `cineflow sim --provider sorahk --port 8787 --scenario <file.json> [--time-scale N]
 *  [--seed N] [--key KEY] [--verbose]`: serves the simulator on 127.0.0.1 until
 * SIGINT/SIGTERM, printing the base URL of the chosen provider and of all others.
 */
import { readFile } from "node:fs/promises";
import { redactPatterns } from "../core/redact";
import type { Clock } from "../ports/clock";
import { createSimulator, simBaseUrl } from "./index";
import { loadScenario } from "./scenario";
import { ScaledClock } from "../clocks/scaled";
import { SIM_PROVIDERS } from "./types";

export interface SimCliIo {
	out(line: string): void;
	err(line: string): void;
	/** Resolves when the server should stop (default: SIGINT or SIGTERM). */
	until?: Promise<unknown>;
	/** Called once the server listens (tests use it to find the port). */
	onListening?(origin: string): void;
}

const USAGE = "usage: cineflow sim [--provider <id>] [--port <n>] [--scenario <file.json>] [--time-scale <n>] [--seed <n>] [--key <expected key>] [--verbose]";

function signals(): { promise: Promise<string>; dispose(): void } {
	let dispose = () => {};
	const promise = new Promise<string>((resolve) => {
		const onInt = () => resolve("SIGINT");
		const onTerm = () => resolve("SIGTERM");
		process.once("SIGINT", onInt);
		process.once("SIGTERM", onTerm);
		dispose = () => {
			process.off("SIGINT", onInt);
			process.off("SIGTERM", onTerm);
		};
	});
	return { promise, dispose };
}

export async function runSimCli(args: string[], io?: SimCliIo): Promise<number> {
	const out = io?.out ?? ((l: string) => console.log(l));
	const err = io?.err ?? ((l: string) => console.error(l));
	const opts: Record<string, string> = {};
	let verbose = false;
	for (let i = 0; i < args.length; i++) {
		const a = args[i] ?? "";
		if (a === "--verbose" || a === "-v") {
			verbose = true;
			continue;
		}
		if (a === "--help" || a === "-h") {
			out(USAGE);
			return 0;
		}
		const m = /^--(provider|port|scenario|time-scale|seed|key)(?:=(.*))?$/.exec(a);
		if (!m?.[1]) {
			err(`cineflow sim: unknown argument "${a}"\n${USAGE}`);
			return 2;
		}
		const v = m[2] ?? args[++i];
		if (v === undefined) {
			err(`cineflow sim: ${a} needs a value\n${USAGE}`);
			return 2;
		}
		opts[m[1]] = v;
	}
	const provider = opts.provider ?? "sorahk";
	if (!(SIM_PROVIDERS as string[]).includes(provider)) {
		err(`cineflow sim: unknown provider "${provider}" (known: ${SIM_PROVIDERS.join(", ")})`);
		return 2;
	}
	const port = opts.port === undefined ? 8787 : Number(opts.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		err(`cineflow sim: --port must be 0–65535, got "${opts.port}"`);
		return 2;
	}
	const scale = opts["time-scale"] === undefined ? 1 : Number(opts["time-scale"]);
	if (!(scale > 0)) {
		err(`cineflow sim: --time-scale must be a positive number, got "${opts["time-scale"]}"`);
		return 2;
	}
	let scenario;
	try {
		scenario = opts.scenario ? loadScenario(JSON.parse(await readFile(opts.scenario, "utf8")) as unknown) : loadScenario({});
	} catch (e) {
		err(`cineflow sim: cannot load scenario ${opts.scenario ?? ""}: ${e instanceof Error ? e.message : String(e)}`);
		return 2;
	}
	const clock: Clock = new ScaledClock(scale);
	// A client in another process has its own scaled clock: token time claims (Kling's JWT) cannot be compared with ours.
	const sim = createSimulator({
		clock,
		scenario,
		seed: opts.seed ? Number(opts.seed) : 1,
		apiKey: opts.key,
		clockSkewMs: scale === 1 ? 0 : Number.MAX_SAFE_INTEGER,
	});
	let listening;
	try {
		listening = await sim.listen(port);
	} catch (e) {
		err(`cineflow sim: cannot listen on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}`);
		return 1;
	}
	out(`CineFlow provider simulator on ${listening.origin} (time scale ${scale}${opts.key ? ", key required" : ", any key accepted"})`);
	out(`${provider} base URL: ${simBaseUrl(listening.origin, provider)}`);
	for (const p of SIM_PROVIDERS) if (p !== provider) out(`  ${p.padEnd(9)} ${simBaseUrl(listening.origin, p)}`);
	out(`  ${"chat".padEnd(9)} ${simBaseUrl(listening.origin, "chat")}`);
	out("Press Ctrl+C to stop.");
	io?.onListening?.(listening.origin);

	let printed = 0;
	const timer = verbose
		? setInterval(() => {
				for (; printed < sim.log.length; printed++) {
					const e = sim.log[printed];
					if (e)
						out(
							redactPatterns(
								`${new Date(e.at).toISOString()} ${e.provider} ${e.route} ${e.method} ${e.path} → ${e.status}${e.fault ? ` (${e.fault})` : ""}`,
							),
						);
				}
			}, 200)
		: undefined;
	const sig = io?.until ? undefined : signals();
	const why = await (io?.until ?? sig?.promise);
	sig?.dispose();
	if (timer) clearInterval(timer);
	await listening.close();
	out(`stopped${typeof why === "string" ? ` (${why})` : ""}; ${sim.log.length} requests, ${sim.tasks().length} tasks`);
	return 0;
}
