/**
 * `cineflow draft <note>`: the script → storyboard assistant from a terminal.
 * A thin adapter: flags and environment in, node:fs vault and undici HTTP to the
 * core's draftStoryboard, a summary out. The key comes from the environment only:
 * CINEFLOW_ASSISTANT_API_KEY, else OPENAI_API_KEY.
 */
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import {
	AlreadyExistsError,
	DEFAULT_SETTINGS,
	draftDefaultsFrom,
	DraftError,
	draftStoryboard,
	type DraftVault,
	formatList,
	language,
	providerIds,
	type Settings,
	t,
} from "../core";
import type { HttpPort } from "../ports/http";
import { commandIo, onePathArgs, strFlag, UsageError, type FlagSpec } from "./args";
import { applySettingFlags, settingFlags, settingUsage } from "./setting-flags";
import { FsVault } from "./fs-vault";
import { createNodeHttp } from "./http";
import { readVaultSettings } from "./vault-settings";

export const DRAFT_USAGE = (): string => t("cli.draft.usage", { settingFlags: settingUsage("draft", "                   ") });

const FLAGS: Record<string, FlagSpec> = {
	...settingFlags("draft"),
	vault: { type: "string" },
	provider: { type: "string", values: providerIds() },
	json: { type: "boolean" },
	help: { type: "boolean" },
};

export const ASSISTANT_KEY_ENV = ["CINEFLOW_ASSISTANT_API_KEY", "OPENAI_API_KEY"] as const;

export interface DraftDeps {
	http?: HttpPort;
	env?: NodeJS.ProcessEnv;
	out?: NodeJS.WritableStream;
	err?: NodeJS.WritableStream;
	settings?: Partial<Settings>;
}

/** The nearest folder at or above `start` that holds `.obsidian`. */
function vaultRootOf(start: string): string | null {
	let dir = path.dirname(path.resolve(start));
	for (;;) {
		if (existsSync(path.join(dir, ".obsidian"))) return dir;
		const up = path.dirname(dir);
		if (up === dir) return null;
		dir = up;
	}
}

/** DraftVault over node:fs: the new note is created with O_EXCL ("wx"), so nothing is ever replaced. */
export function fsDraftVault(root: string): DraftVault {
	const v = new FsVault(root);
	return {
		read: (p) => v.read(p),
		async exists(p) {
			try {
				await fs.lstat(v.abs(p));
				return true;
			} catch {
				return false;
			}
		},
		async create(p, text) {
			try {
				await fs.writeFile(v.abs(p), text, { flag: "wx" });
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new AlreadyExistsError(p);
				throw e;
			}
		},
	};
}

function keyFrom(env: NodeJS.ProcessEnv): string | null {
	for (const name of ASSISTANT_KEY_ENV) {
		const v = env[name];
		if (v && v.trim()) return v.trim();
	}
	return null;
}

/** Exit codes: 0 written, 1 the assistant failed (nothing written), 2 bad input or usage, 3 key refused. */
export async function draftCommand(argv: string[], deps: DraftDeps = {}): Promise<number> {
	const { out, err, env } = commandIo(deps);
	const args = onePathArgs(
		argv,
		FLAGS,
		out,
		() => t("cli.usageHead", { usage: DRAFT_USAGE() }),
		() => t("cli.draft.oneNote"),
	);
	if (!args) return 0;
	const { flags, path: noteArg, vaultFlag } = args;
	const absNote = path.resolve(vaultFlag && !path.isAbsolute(noteArg) && !existsSync(noteArg) ? path.join(vaultFlag, noteArg) : noteArg);
	if (!existsSync(absNote)) throw new UsageError(t("cli.notFound", { path: noteArg }));
	const root = vaultFlag ? path.resolve(vaultFlag) : (vaultRootOf(absNote) ?? path.dirname(absNote));
	const rel = path.relative(root, absNote);
	if (rel.startsWith("..") || path.isAbsolute(rel)) throw new UsageError(t("cli.notInVault", { path: noteArg, vault: root }));
	const scriptPath = rel.split(path.sep).join("/");

	// Built-in defaults < the vault's plugin settings < the caller's settings < flags (as for generate).
	const fromVault = await readVaultSettings(root);
	const settings: Settings = structuredClone({ ...(fromVault.settings ?? DEFAULT_SETTINGS), ...deps.settings });
	const provider = strFlag(flags, "provider");
	if (provider) settings.provider = provider;
	// Settings < environment < flags (the flags are generated from the settings table and checked like the settings tab).
	if (env.CINEFLOW_ASSISTANT_BASE_URL) settings.assistant.baseUrl = env.CINEFLOW_ASSISTANT_BASE_URL;
	if (env.CINEFLOW_ASSISTANT_MODEL) settings.assistant.model = env.CINEFLOW_ASSISTANT_MODEL;
	applySettingFlags(settings, flags, "draft");
	const { baseUrl, model, chunkTokens } = settings.assistant;
	if (!/^https?:\/\//i.test(baseUrl)) throw new UsageError(t("cli.baseUrl"));
	const json = flags.json === true;

	const http = deps.http ?? createNodeHttp();
	try {
		const result = await draftStoryboard({
			scriptPath,
			vault: fsDraftVault(root),
			http,
			apiKey: keyFrom(env),
			missingKey: t("cli.draft.noKey", { first: ASSISTANT_KEY_ENV[0], second: ASSISTANT_KEY_ENV[1] }),
			baseUrl,
			model,
			chunkTokens,
			defaults: draftDefaultsFrom(settings),
			onProgress: (e) => {
				if (json) return;
				if (e.kind === "chunk") err.write(`${t("cli.draft.part", { part: e.index + 1, total: e.total })}\n`);
				else err.write(`${t("cli.draft.repair", { part: e.index + 1, count: e.errors.length })}\n`);
			},
		});
		if (json) {
			out.write(JSON.stringify({ type: "draft", ok: true, ...result }) + "\n");
		} else {
			for (const w of result.warnings) err.write(`${t("cli.warning", { message: w })}\n`);
			const counts = { path: result.path, shots: t("cli.draft.shots", { count: result.shots }), parts: t("cli.draft.parts", { count: result.chunks }) };
			const line = result.repairs ? t("cli.draft.wroteRepaired", { ...counts, repairs: result.repairs }) : t("cli.draft.wrote", counts);
			out.write(
				`${result.characters.length ? t("cli.draft.characters", { line, characters: formatList(language(), result.characters, "conjunction") }) : line}\n`,
			);
		}
		return 0;
	} catch (e) {
		if (!(e instanceof DraftError)) throw e;
		if (json) out.write(JSON.stringify({ type: "draft", ok: false, kind: e.kind, error: e.message, details: e.details }) + "\n");
		else err.write(`${t("cli.draft.failed", { message: e.message })}\n`);
		if (e.kind === "no-key" || e.kind === "input") return 2;
		if (e.kind === "auth") return 3;
		return 1;
	} finally {
		if (!deps.http && "close" in http && typeof http.close === "function") await (http.close as () => Promise<void>)();
	}
}
