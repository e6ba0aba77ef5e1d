/**
 * `cineflow models`: every provider's models with their lifecycle status, what
 * they accept and what they cost, and where each fact comes from, so a user can
 * see which services are alive this month before spending anything.
 */
import { CATALOG } from "../core/providers/catalog";
import { lifecycleText, modelsOf } from "../core/providers/models";
import type { ModelSpec } from "../core/providers/types";
import { parseArgs, strFlag, UsageError } from "./args";

export const MODELS_USAGE = `  cineflow models [--provider ID] [--all] [--json | --markdown]   list models, their status, controls and prices`;

function controls(m: ModelSpec): string {
	const c = m.caps;
	const out: string[] = [];
	if (c.firstFrame) out.push("first frame");
	if (c.lastFrame) out.push("last frame");
	if (c.maxReferences > 0) out.push(`${c.maxReferences} refs`);
	if (c.audio) out.push("audio on/off");
	if (c.negativePrompt) out.push("negative prompt");
	if (c.seed) out.push("seed");
	if (c.imageRequired) out.push("image only");
	return out.join(", ") || "text only";
}

function price(m: ModelSpec): string {
	const by = m.price.byResolution;
	if (by && Object.keys(by).length) return Object.entries(by).map(([r, v]) => `${r} $${v}/s`).join(", ");
	return m.price.perSecond === null ? "unknown" : `$${m.price.perSecond}/s`;
}

export function modelsCommand(argv: string[], out: NodeJS.WritableStream): number {
	const { flags } = parseArgs(argv, { provider: { type: "string", values: Object.keys(CATALOG) }, all: { type: "boolean" }, json: { type: "boolean" }, markdown: { type: "boolean" } });
	if (flags.markdown) {
		out.write(modelsMarkdown());
		return 0;
	}
	const only = strFlag(flags, "provider");
	if (only !== undefined && !CATALOG[only]) throw new UsageError(`unknown provider ${only}`);
	const rows: Array<Record<string, unknown>> = [];
	for (const info of Object.values(CATALOG)) {
		if (only && info.id !== only) continue;
		for (const m of modelsOf(info.id)) {
			if (!flags.all && !only && m.lifecycle.status === "retired") continue;
			rows.push({
				provider: info.id,
				model: m.id,
				status: m.lifecycle.status,
				...(m.lifecycle.shutdown ? { shutdown: m.lifecycle.shutdown } : {}),
				...(m.lifecycle.replacement ? { replacement: m.lifecycle.replacement } : {}),
				durations: m.durations,
				resolutions: m.caps.resolutions,
				aspects: m.caps.aspects,
				controls: controls(m),
				price: price(m),
				keyEnv: info.keyEnv,
				source: m.lifecycle.source,
				verified: m.lifecycle.verified,
			});
		}
	}
	if (flags.json) {
		out.write(JSON.stringify({ type: "models", models: rows }) + "\n");
		return 0;
	}
	let last = "";
	for (const r of rows) {
		if (r.provider !== last) {
			last = String(r.provider);
			const info = CATALOG[last];
			out.write(`\n${info?.label ?? last} (--provider ${last}; key: ${String(r.keyEnv)})\n`);
		}
		const life = r.status === "active" ? "" : `  [${lifecycleText({ status: r.status as "deprecated", shutdown: r.shutdown as string | undefined, source: "", verified: "" })}${r.replacement ? `; use ${String(r.replacement)}` : ""}]`;
		out.write(`  ${String(r.model)}${life}\n`);
		out.write(`    ${(r.durations as number[]).join("/")} s · ${(r.resolutions as string[]).join(", ")} · ${(r.aspects as string[]).join(", ")} · ${String(r.controls)} · ${String(r.price)}\n`);
		out.write(`    verified ${String(r.verified) || "never"}: ${String(r.source)}\n`);
	}
	if (!flags.all && !only) out.write(`\nRetired models are hidden; --all shows them.\n`);
	return 0;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** Every catalog model as one Markdown table (docs/providers.md embeds it; a test keeps it current). */
export function modelsMarkdown(): string {
	const lines = [
		"| provider | model | status | durations (s) | resolutions | aspects | controls | price (USD) | source | verified |",
		"|---|---|---|---|---|---|---|---|---|---|",
	];
	for (const info of Object.values(CATALOG)) {
		for (const m of info.models) {
			const l = m.lifecycle;
			const status = l.status === "active" ? "active" : `${lifecycleText(l)}${l.replacement ? ` → \`${l.replacement}\`` : ""}`;
			const durations = m.proDurations ? `${m.durations.join(", ")}; pro ${m.proDurations.join(", ")}` : m.durations.join(", ");
			const source = /^https?:\/\//.test(l.source) ? `[${cell(l.source.split(" ")[0] ?? "")}](${l.source.split(" ")[0] ?? ""})${l.source.includes(" ") ? ` ${cell(l.source.slice(l.source.indexOf(" ") + 1))}` : ""}` : cell(l.source);
			lines.push(`| \`${info.id}\` | \`${m.id}\` | ${status} | ${durations} | ${m.caps.resolutions.join(", ")} | ${m.caps.aspects.join(", ")} | ${controls(m)} | ${cell(price(m))} | ${source} | ${l.verified || "—"} |`);
		}
	}
	return lines.join("\n") + "\n";
}
