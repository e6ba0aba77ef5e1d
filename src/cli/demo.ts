/**
 * `cineflow demo`: the whole pipeline offline. Starts the provider simulator on
 * 127.0.0.1, copies the bundled example vault (a short-film storyboard) to a
 * working folder, and runs `generate` over it with time sped up, so a run of
 * minute-long generations finishes in seconds. Afterwards the folder holds real
 * MP4s next to the notes, and the notes hold their embeds.
 */
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { createSimulator, simBaseUrl, type Simulator } from "../sim/index";
import type { SimLogEntry } from "../sim/types";
import { plural } from "../core/words";
import { ScaledClock } from "../sim/scaled-clock";
import { shotsInFolder } from "../sim/video/storyboard";
import { titleByPrompt } from "../sim/video/titles";
import { parseArgs, intFlag, strFlag, UsageError } from "./args";
import { locateFfmpeg } from "./frames";
import { generateCommand } from "./main";

/** The bundled note whose shots are chained (docs/features.md, "Chaining"). */
export const CHAINED_SCENE = "Ep4 - Chase.md";
import { getProviderInfo, providerIds } from "../core/providers/catalog";

export interface DemoOptions {
	examplesDir: string;
	out?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
	/** Called with the simulator once it runs (tests read its request log). */
	onSimulator?: (sim: Simulator) => void;
}

const CAPACITY = 4;

/**
 * Why the simulator saw more create requests than it made tasks, from its request
 * log: creates answered 429 (the provider was busy), answered with an injected
 * server error, or refused.
 */
export function explainCreates(log: readonly SimLogEntry[], tasks: number, capacity = CAPACITY): string {
	const creates = log.filter((e) => e.route === "create");
	const busy = creates.filter((e) => e.status === 429).length;
	const errors = creates.filter((e) => e.status === 0 || e.status >= 500).length;
	const refused = creates.filter((e) => e.status >= 400 && e.status < 500 && e.status !== 429).length;
	const head = `The simulator saw ${plural(creates.length, "create request")} for ${plural(tasks, "task")}`;
	if (creates.length <= tasks) return `${head}.`;
	const why = [
		...(busy ? [`${busy} answered 429, busy (the simulated provider runs at most ${capacity} jobs at a time: CineFlow learned that limit, waited and sent them again)`] : []),
		...(errors ? [`${errors} answered with an injected server error (5xx or a dropped connection; each was sent again only once the answer or a lookup showed that no task had been made)`] : []),
		...(refused ? [`${refused} refused (4xx)`] : []),
	];
	return `${head}: ${why.join("; ")}.`;
}

const DEMO_KEY = "sk-demo-0000000000000000";

export async function runDemo(argv: string[], opts: DemoOptions): Promise<number> {
	const { flags } = parseArgs(argv, {
		out: { type: "string" },
		"time-scale": { type: "string" },
		json: { type: "boolean" },
		provider: { type: "string", values: providerIds() },
	});
	const only = strFlag(flags, "provider");
	const info = only ? getProviderInfo(only) : undefined;
	const spec = info?.models.find((m) => m.id === info.defaultModel);
	if (only && (!spec || spec.lifecycle.status === "retired")) throw new UsageError(`${only} has no live default model to run the demo with (cineflow models --provider ${only})`);
	const out = opts.out ?? process.stdout;
	if (!existsSync(opts.examplesDir)) throw new UsageError(`the bundled example vault is missing (${opts.examplesDir})`);
	const dest = path.resolve(strFlag(flags, "out") ?? "cineflow-demo");
	const scale = intFlag(flags, "time-scale", 1, 100_000) ?? 600;
	if (existsSync(dest)) {
		if (!existsSync(path.join(dest, ".obsidian", "app.json")) || !existsSync(path.join(dest, "Short film"))) {
			throw new UsageError(`${dest} exists and is not a previous demo vault; choose another folder with --out`);
		}
		await fs.rm(dest, { recursive: true, force: true });
	}
	await fs.cp(opts.examplesDir, dest, { recursive: true });
	// The chained scene needs ffmpeg for its frames; without it the scene is left out, and said so.
	const ffmpeg = locateFfmpeg(process.env);
	const chained = path.join(dest, "Short film", CHAINED_SCENE);
	if (!ffmpeg.found && existsSync(chained)) {
		await fs.rm(chained);
		out.write(`The chained scene "${CHAINED_SCENE}" is left out: ${ffmpeg.message}\n`);
	}

	const clock = new ScaledClock(scale);
	const sim = createSimulator({
		clock,
		seed: 7,
		apiKey: DEMO_KEY,
		// Each clip shows its shot id: the simulator matches the prompts it receives to the storyboard's shots.
		clipTitle: titleByPrompt(await shotsInFolder(path.join(dest, "Short film"))),
		scenario: {
			// A provider with less capacity than the default limit of 20, and one
			// hiccup: CineFlow learns the ceiling instead of failing jobs.
			capacity: CAPACITY,
			jobDurationMs: { min: 3 * 60_000, max: 6 * 60_000 },
			progressCurve: "linear",
			// Sora.hk can look a task up after a lost answer; most other wire formats cannot, so a
			// 5xx on their create would (rightly) leave the shot "unknown" instead of paying twice.
			random5xx: only ? 0 : 0.02,
		},
	});
	opts.onSimulator?.(sim);
	const server = await sim.listen(0);
	out.write(`CineFlow demo: simulator on ${server.origin}, time ×${scale}, vault ${dest}\n`);
	try {
		// With --provider every shot goes to that provider's default model at its default
		// duration, so the storyboard written for Sora.hk runs against any wire format.
		const args = only ? ["--provider", only] : [];
		const code = await generateCommand([path.join(dest, "Short film"), "--vault", dest, ...args, ...(flags.json ? ["--json"] : [])], {
			out,
			env: { CINEFLOW_API_KEY: DEMO_KEY, GEMINI_API_KEY: DEMO_KEY, ...(info?.secondKey ? { [info.secondKey.env]: DEMO_KEY } : {}) },
			// The storyboard's own providers, models and durations give way to the chosen provider's.
			...(spec ? { overrides: { duration: spec.defaultDuration, pro: false }, override: true } : {}),
			// The bundled notes name their providers; the vault's default is the seed tool's Sora.hk.
			settings: { provider: only ?? "sorahk" },
			clock,
			baseUrlFor: (id) => simBaseUrl(server.origin, id),
			checkDisk: false,
		});
		const videos = (await fs.readdir(dest, { recursive: true })).filter((f) => String(f).endsWith(".mp4"));
		out.write(
			`\n${plural(videos.length, "video")} written under ${dest}.\n${explainCreates(sim.log, sim.tasks().length)}\n` +
				`Open ${dest} as a vault in Obsidian, or look at "Short film/Ep1 - The alley.md" for the embeds.\n` +
				(only
					? `Every shot went to ${only}/${spec?.id ?? ""} at ${spec?.defaultDuration ?? 0} s; shots that need what that model lacks are reported with their line and reason.\n`
					: `The shot s06 is invalid on purpose (duration 7 s is not offered), so generate reports it with its line and reason (exit code ${code} = bad input); everything else must be done for the demo to pass.\n`),
		);
		// The one invalid shot is the point of the demo; everything else must be done.
		return code === 2 ? 0 : code;
	} finally {
		await server.close();
	}
}
