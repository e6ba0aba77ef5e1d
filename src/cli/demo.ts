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
import { getProviderInfo, providerIds, t } from "../core";
import { ScaledClock } from "../clocks/scaled";
import { shotsInFolder } from "../sim/video/storyboard";
import { titleByPrompt } from "../sim/video/titles";
import { parseArgs, intFlag, strFlag, UsageError } from "./args";
import { locateFfmpeg } from "./frames";
import { generateCommand } from "./generate";

/** The bundled note whose shots are chained (docs/features.md, "Chaining"). */
export const CHAINED_SCENE = "Ep4 - Chase.md";
/** The bundled storyboard's folder and first note (file names, not text to translate). */
const DEMO_FOLDER = "Short film"; // i18n-ignore: a folder name in the bundled example vault
const FIRST_NOTE = "Ep1 - The alley.md"; // i18n-ignore: a file name in the bundled example vault

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
	const counts = { creates: t("cli.demo.creates", { count: creates.length }), tasks: t("cli.demo.tasks", { count: tasks }) };
	if (creates.length <= tasks) return t("cli.demo.saw", counts);
	const why = [
		...(busy ? [t("cli.demo.busy", { count: busy, capacity })] : []),
		...(errors ? [t("cli.demo.errors", { count: errors })] : []),
		...(refused ? [t("cli.demo.refused", { count: refused })] : []),
	];
	return t("cli.demo.sawWhy", { ...counts, why: why.join(t("cli.demo.whySep")) });
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
	if (only && (!spec || spec.lifecycle.status === "retired")) throw new UsageError(t("cli.demo.noModel", { provider: only }));
	const out = opts.out ?? process.stdout;
	if (!existsSync(opts.examplesDir)) throw new UsageError(t("cli.demo.noExamples", { path: opts.examplesDir }));
	const dest = path.resolve(strFlag(flags, "out") ?? "cineflow-demo");
	const scale = intFlag(flags, "time-scale", 1, 100_000) ?? 600;
	if (existsSync(dest)) {
		if (!existsSync(path.join(dest, ".obsidian", "app.json")) || !existsSync(path.join(dest, DEMO_FOLDER))) {
			throw new UsageError(t("cli.demo.notDemo", { path: dest }));
		}
		await fs.rm(dest, { recursive: true, force: true });
	}
	await fs.cp(opts.examplesDir, dest, { recursive: true });
	// The chained scene needs ffmpeg for its frames; without it the scene is left out, and said so.
	const ffmpeg = locateFfmpeg(process.env);
	const chained = path.join(dest, DEMO_FOLDER, CHAINED_SCENE);
	if (!ffmpeg.found && existsSync(chained)) {
		await fs.rm(chained);
		out.write(`${t("cli.demo.chainedLeftOut", { scene: CHAINED_SCENE, message: ffmpeg.message })}\n`);
	}

	const clock = new ScaledClock(scale);
	const sim = createSimulator({
		clock,
		seed: 7,
		apiKey: DEMO_KEY,
		// Each clip shows its shot id: the simulator matches the prompts it receives to the storyboard's shots.
		clipTitle: titleByPrompt(await shotsInFolder(path.join(dest, DEMO_FOLDER))),
		scenario: {
			// A provider with less capacity than the default limit of 20, and one
			// hiccup: CineFlow learns the ceiling instead of failing jobs.
			capacity: CAPACITY,
			jobDurationMs: { min: 3 * 60_000, max: 6 * 60_000 },
			progressCurve: "linear",
			// Sora.hk can look a task up after a lost answer; most other wire formats cannot, so a
			// 5xx on their create would (rightly) leave the shot "unknown" instead of paying twice:
			// the hiccups go to Sora.hk's routes only (the bundled notes also use MiniMax, Gemini, Kling).
			random5xx: only ? 0 : 0.02,
			random5xxOnly: ["sorahk"],
		},
	});
	opts.onSimulator?.(sim);
	const server = await sim.listen(0);
	out.write(`${t("cli.demo.start", { origin: server.origin, scale, path: dest })}\n`);
	try {
		// With --provider every shot goes to that provider's default model at its default
		// duration, so the storyboard written for Sora.hk runs against any wire format.
		const args = only ? ["--provider", only] : [];
		const code = await generateCommand([path.join(dest, DEMO_FOLDER), "--vault", dest, ...args, ...(flags.json ? ["--json"] : [])], {
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
		const lines = [
			"",
			t("cli.demo.written", { videos: t("common.videos", { count: videos.length }), path: dest }),
			explainCreates(sim.log, sim.tasks().length),
			t("cli.demo.open", { path: dest, note: `${DEMO_FOLDER}/${FIRST_NOTE}` }),
			only
				? t("cli.demo.oneProvider", { provider: only, model: spec?.id ?? "", seconds: spec?.defaultDuration ?? 0 })
				: t("cli.demo.invalidShot", { code }),
		];
		out.write(lines.join("\n") + "\n");
		// The one invalid shot is the point of the demo; everything else must be done.
		return code === 2 ? 0 : code;
	} finally {
		await server.close();
	}
}
