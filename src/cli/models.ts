/**
 * `cineflow models`: every provider's models with their lifecycle status, what
 * they accept and what they cost, and where each fact comes from, so a user can
 * see which services are alive this month before spending anything.
 */
import { CATALOG, language, lifecycleText, modelsOf, type ModelSpec, setLanguage, t } from "../core";
import { parseArgs, strFlag, UsageError } from "./args";

export const MODELS_USAGE = (): string => t("cli.models.usage");

function controls(m: ModelSpec): string {
	const c = m.caps;
	const out: string[] = [];
	if (c.firstFrame) out.push(t("cli.models.firstFrame"));
	if (c.lastFrame) out.push(t("cli.models.lastFrame"));
	if (c.maxReferences > 0) out.push(t("cli.models.refs", { count: c.maxReferences }));
	if (c.audio) out.push(t("cli.models.audio"));
	if (c.negativePrompt) out.push(t("cli.models.negative"));
	if (c.seed) out.push(t("cli.models.seed"));
	if (c.imageRequired) out.push(t("cli.models.imageOnly"));
	return out.join(t("cli.dry.listSep")) || t("cli.models.textOnly");
}

function price(m: ModelSpec): string {
	const by = m.price.byResolution;
	if (by && Object.keys(by).length)
		return Object.entries(by)
			.map(([r, v]) => `${r} $${v}/s`)
			.join(", ");
	return m.price.perSecond === null ? t("common.unknown") : `$${m.price.perSecond}/s`;
}

export function modelsCommand(argv: string[], out: NodeJS.WritableStream): number {
	const { flags } = parseArgs(argv, {
		provider: { type: "string", values: Object.keys(CATALOG) },
		all: { type: "boolean" },
		json: { type: "boolean" },
		markdown: { type: "boolean" },
	});
	if (flags.markdown) {
		out.write(modelsMarkdown());
		return 0;
	}
	const only = strFlag(flags, "provider");
	if (only !== undefined && !CATALOG[only]) throw new UsageError(t("cli.models.unknownProvider", { provider: only }));
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
			out.write(`\n${t("cli.models.provider", { label: info?.label ?? last, id: last, keyEnv: String(r.keyEnv) })}\n`);
		}
		const status =
			r.status === "active"
				? ""
				: lifecycleText({ status: r.status as "deprecated", shutdown: r.shutdown as string | undefined, source: "", verified: "" });
		const life = r.status === "active" ? "" : `  [${r.replacement ? t("cli.models.use", { status, model: String(r.replacement) }) : status}]`;
		out.write(`  ${String(r.model)}${life}\n`);
		out.write(
			`    ${(r.durations as number[]).join("/")} s · ${(r.resolutions as string[]).join(", ")} · ${(r.aspects as string[]).join(", ")} · ${String(r.controls)} · ${String(r.price)}\n`,
		);
		out.write(`    ${t("cli.models.verified", { date: String(r.verified) || t("cli.models.never"), source: String(r.source) })}\n`);
	}
	if (!flags.all && !only) out.write(`\n${t("cli.models.retiredHidden")}\n`);
	return 0;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** Every catalog model as one Markdown table (docs/providers.md embeds it; a test keeps it current), in English like that document. */
export function modelsMarkdown(): string {
	// The lifecycle texts come from the catalog in the current language: render this table in English.
	const was = language();
	setLanguage("en");
	try {
		return markdownTable();
	} finally {
		setLanguage(was);
	}
}

function markdownTable(): string {
	const lines = [
		// i18n-ignore: the English table docs/providers.md embeds (README_zh has its own)
		"| provider | model | status | durations (s) | resolutions | aspects | controls | price (USD) | source | verified |",
		"|---|---|---|---|---|---|---|---|---|---|",
	];
	for (const info of Object.values(CATALOG)) {
		for (const m of info.models) {
			const l = m.lifecycle;
			const status = l.status === "active" ? "active" : `${lifecycleText(l)}${l.replacement ? ` → \`${l.replacement}\`` : ""}`;
			const durations = m.proDurations ? `${m.durations.join(", ")}; pro ${m.proDurations.join(", ")}` : m.durations.join(", ");
			const source = /^https?:\/\//.test(l.source)
				? `[${cell(l.source.split(" ")[0] ?? "")}](${l.source.split(" ")[0] ?? ""})${l.source.includes(" ") ? ` ${cell(l.source.slice(l.source.indexOf(" ") + 1))}` : ""}`
				: cell(l.source);
			lines.push(
				`| \`${info.id}\` | \`${m.id}\` | ${status} | ${durations} | ${m.caps.resolutions.join(", ")} | ${m.caps.aspects.join(", ")} | ${controls(m)} | ${cell(price(m))} | ${source} | ${l.verified || "—"} |`,
			);
		}
	}
	return lines.join("\n") + "\n";
}
