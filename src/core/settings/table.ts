/**
 * Every setting, declared once: path, kind, range, default, label, help, basic or
 * advanced, settings section, and CLI flag. Labels, descriptions and option names
 * are catalog keys (core/i18n/messages/settings.ts): the tab and `--help` render
 * them in the current language. The schema, the settings rows and the
 * CLI flags are generated from this table (see declare.ts). A data table: it may
 * grow past the 400-line rule.
 *
 * Not in the table (structured values with their own editors): `version`, the
 * declared `models` list and the `prices` overrides (schema.ts adds them).
 */
import { registerLabels, type SettingDecl } from "./declare";

const MINUTES_DAY = 24 * 60;

export const SETTING_TABLE = [
	// ---------------------------------------------------------------- provider (basic)
	{
		path: "provider",
		kind: "text",
		label: "settings.provider",
		help: "settings.provider.help",
		level: "basic",
		section: "provider",
		custom: true,
		default: "",
	},
	{
		path: "providers.*.secretName",
		kind: "secret",
		label: "settings.providers.secretName",
		help: "settings.providers.secretName.help",
		level: "basic",
		section: "provider",
		custom: true,
		empty: "absent",
		default: undefined,
	},
	{
		path: "providers.*.secondSecretName",
		kind: "secret",
		label: "settings.providers.secondSecretName",
		help: "settings.providers.secondSecretName.help",
		level: "basic",
		section: "provider",
		custom: true,
		empty: "absent",
		default: undefined,
	},
	{
		path: "providers.*.model",
		kind: "text",
		label: "settings.providers.model",
		help: "settings.providers.model.help",
		level: "basic",
		section: "provider",
		custom: true,
		empty: "absent",
		default: undefined,
	},
	{
		path: "providers.*.baseUrl",
		kind: "text",
		format: "url",
		label: "settings.providers.baseUrl",
		help: "settings.providers.baseUrl.help",
		level: "advanced",
		section: "provider",
		custom: true,
		empty: "absent",
		default: undefined,
	},

	// ---------------------------------------------------------------- shot defaults
	{ path: "defaults.duration", kind: "number", int: true, min: 1, max: 600, empty: "absent", label: "settings.defaults.duration", help: "settings.defaults.duration.help", placeholder: "10", level: "basic", section: "defaults", default: undefined },
	{ path: "defaults.orientation", kind: "enum", values: ["horizontal", "vertical"], labels: ["settings.defaults.orientation.horizontal", "settings.defaults.orientation.vertical"], label: "settings.defaults.orientation", level: "basic", section: "defaults", default: "horizontal" },
	{ path: "defaults.pro", kind: "boolean", label: "settings.defaults.pro", help: "settings.defaults.pro.help", level: "basic", section: "defaults", default: false },
	{ path: "defaults.takes", kind: "number", int: true, min: 1, max: 10, label: "settings.defaults.takes", help: "settings.defaults.takes.help", level: "basic", section: "defaults", default: 1 },
	{
		path: "plainNameInjection",
		kind: "boolean",
		label: "settings.plainNameInjection",
		help: "settings.plainNameInjection.help",
		level: "advanced",
		section: "defaults",
		default: false,
	},

	// ---------------------------------------------------------------- output
	{
		path: "outputLocation",
		kind: "enum",
		values: ["sibling", "attachments"],
		labels: ["settings.outputLocation.sibling", "settings.outputLocation.attachments"],
		label: "settings.outputLocation",
		help: "settings.outputLocation.help",
		level: "basic",
		section: "output",
		default: "sibling",
	},
	{
		path: "outputFolder",
		kind: "text",
		format: "folder",
		required: true,
		label: "settings.outputFolder",
		help: "settings.outputFolder.help",
		placeholder: "_assets",
		level: "basic",
		section: "output",
		default: "_assets",
	},
	{
		path: "linkStyle",
		kind: "enum",
		values: ["vault", "wiki", "markdown"],
		labels: ["settings.linkStyle.vault", "settings.linkStyle.wiki", "settings.linkStyle.markdown"],
		label: "settings.linkStyle",
		help: "settings.linkStyle.help",
		level: "basic",
		section: "output",
		default: "vault",
	},
	{ path: "maxDownloadBytes", kind: "number", int: true, min: 1, max: 1e12, label: "settings.maxDownloadBytes", help: "settings.maxDownloadBytes.help", level: "advanced", section: "output", default: 2 * 1024 * 1024 * 1024 },
	{ path: "minFreeBytes", kind: "number", int: true, min: 0, max: 1e13, label: "settings.minFreeBytes", help: "settings.minFreeBytes.help", level: "advanced", section: "output", default: 1024 * 1024 * 1024 },

	// ---------------------------------------------------------------- costs
	{
		path: "budgetUsd",
		kind: "number",
		min: 0.01,
		max: 1_000_000,
		empty: "null",
		label: "settings.budgetUsd",
		help: "settings.budgetUsd.help",
		placeholder: "5.00",
		level: "basic",
		section: "costs",
		flag: { name: "budget", meta: "USD" },
		default: null,
	},
	{
		path: "confirmBelowUsd",
		kind: "number",
		min: 0,
		max: 1_000_000,
		label: "settings.confirmBelowUsd",
		help: "settings.confirmBelowUsd.help",
		placeholder: "0",
		level: "basic",
		section: "costs",
		default: 0,
	},

	// ---------------------------------------------------------------- concurrency and pacing
	{
		path: "concurrency.initial",
		kind: "number",
		int: true,
		min: 1,
		max: 64,
		label: "settings.concurrency.initial",
		help: "settings.concurrency.initial.help",
		placeholder: "20",
		level: "basic",
		section: "pacing",
		flag: { name: "concurrency", meta: "N" },
		default: 20,
	},
	{ path: "concurrency.max", kind: "number", int: true, min: 1, max: 64, atLeast: "concurrency.initial", label: "settings.concurrency.max", help: "settings.concurrency.max.help", placeholder: "64", level: "advanced", section: "pacing", flag: { name: "max-concurrency", meta: "N" }, default: 64 },
	{ path: "concurrency.safeMode", kind: "boolean", label: "settings.concurrency.safeMode", help: "settings.concurrency.safeMode.help", level: "advanced", section: "pacing", flag: { name: "safe-mode", form: "switch" }, default: false },
	{
		path: "concurrency.requestsPerMinute",
		kind: "number",
		min: 1,
		max: 100_000,
		empty: "null",
		label: "settings.concurrency.requestsPerMinute",
		help: "settings.concurrency.requestsPerMinute.help",
		placeholder: "60",
		level: "advanced",
		section: "pacing",
		flag: { name: "rpm", meta: "N" },
		default: null,
	},
	{ path: "concurrency.downloads", kind: "number", int: true, min: 1, max: 8, label: "settings.concurrency.downloads", help: "settings.concurrency.downloads.help", placeholder: "2", level: "advanced", section: "pacing", default: 2 },
	{
		path: "polling.maxWaitMinutes",
		kind: "number",
		min: 1,
		max: MINUTES_DAY,
		label: "settings.polling.maxWaitMinutes",
		help: "settings.polling.maxWaitMinutes.help",
		level: "advanced",
		section: "pacing",
		default: 360,
	},
	{ path: "polling.maxWaitProMinutes", kind: "number", min: 1, max: MINUTES_DAY, label: "settings.polling.maxWaitProMinutes", help: "settings.polling.proMinutes.help", level: "advanced", section: "pacing", default: 480 },
	{ path: "polling.warnAfterMinutes", kind: "number", min: 1, max: MINUTES_DAY, label: "settings.polling.warnAfterMinutes", help: "settings.polling.warnAfterMinutes.help", level: "advanced", section: "pacing", default: 35 },
	{ path: "polling.warnAfterProMinutes", kind: "number", min: 1, max: MINUTES_DAY, label: "settings.polling.warnAfterProMinutes", help: "settings.polling.proMinutes.help", level: "advanced", section: "pacing", default: 60 },
	{ path: "polling.minIntervalSeconds", kind: "number", min: 1, max: 600, atMost: "polling.maxIntervalSeconds", label: "settings.polling.minIntervalSeconds", help: "settings.polling.minIntervalSeconds.help", level: "advanced", section: "pacing", default: 5 },
	{ path: "polling.maxIntervalSeconds", kind: "number", min: 1, max: 3600, atLeast: "polling.minIntervalSeconds", label: "settings.polling.maxIntervalSeconds", help: "settings.polling.maxIntervalSeconds.help", level: "advanced", section: "pacing", default: 60 },
	{ path: "jitter.minMs", kind: "number", int: true, min: 0, max: 600_000, atMost: "jitter.maxMs", label: "settings.jitter.minMs", help: "settings.jitter.minMs.help", level: "advanced", section: "pacing", default: 500 },
	{ path: "jitter.maxMs", kind: "number", int: true, min: 0, max: 600_000, atLeast: "jitter.minMs", label: "settings.jitter.maxMs", help: "settings.jitter.maxMs.help", level: "advanced", section: "pacing", default: 3000 },

	// ---------------------------------------------------------------- reference images and keyframes
	{
		path: "uploader.kind",
		kind: "enum",
		values: ["none", "http", "s3"],
		labels: ["settings.uploader.kind.none", "settings.uploader.kind.http", "settings.uploader.kind.s3"],
		label: "settings.uploader.kind",
		help: "settings.uploader.kind.help",
		level: "advanced",
		section: "references",
		flag: { name: "uploader" },
		default: "none",
	},
	{ path: "uploader.url", kind: "text", format: "url", label: "settings.uploader.url", help: "settings.uploader.url.help", placeholder: "https://example.com/upload/{name}", when: { path: "uploader.kind", is: ["http"] }, level: "advanced", section: "references", flag: { name: "upload-url", meta: "URL" }, default: "" },
	{ path: "uploader.method", kind: "enum", values: ["PUT", "POST"], label: "settings.uploader.method", when: { path: "uploader.kind", is: ["http"] }, level: "advanced", section: "references", flag: { name: "upload-method" }, default: "PUT" },
	{
		path: "uploader.responseField",
		kind: "text",
		label: "settings.uploader.responseField",
		help: "settings.uploader.responseField.help",
		placeholder: "url",
		when: { path: "uploader.kind", is: ["http"] },
		level: "advanced",
		section: "references",
		flag: { name: "upload-field", meta: "F" },
		default: "url",
	},
	{ path: "uploader.tokenSecret", kind: "secret", label: "settings.uploader.tokenSecret", help: "settings.uploader.tokenSecret.help", when: { path: "uploader.kind", is: ["http"] }, level: "advanced", section: "references", default: "cineflow-upload-token" },
	{ path: "uploader.s3Endpoint", kind: "text", format: "url", label: "settings.uploader.s3Endpoint", help: "settings.uploader.s3Endpoint.help", when: { path: "uploader.kind", is: ["s3"] }, level: "advanced", section: "references", flag: { name: "s3-endpoint", meta: "URL" }, default: "" },
	{ path: "uploader.s3Region", kind: "text", label: "settings.uploader.s3Region", placeholder: "us-east-1", when: { path: "uploader.kind", is: ["s3"] }, level: "advanced", section: "references", flag: { name: "s3-region", meta: "R" }, default: "us-east-1" },
	{ path: "uploader.s3Bucket", kind: "text", label: "settings.uploader.s3Bucket", placeholder: "my-bucket", when: { path: "uploader.kind", is: ["s3"] }, level: "advanced", section: "references", flag: { name: "s3-bucket", meta: "B" }, default: "" },
	{ path: "uploader.s3Prefix", kind: "text", label: "settings.uploader.s3Prefix", placeholder: "cineflow/", when: { path: "uploader.kind", is: ["s3"] }, level: "advanced", section: "references", flag: { name: "s3-prefix", meta: "P" }, default: "cineflow/" },
	{ path: "uploader.s3PublicBaseUrl", kind: "text", format: "url", label: "settings.uploader.s3PublicBaseUrl", help: "settings.uploader.s3PublicBaseUrl.help", when: { path: "uploader.kind", is: ["s3"] }, level: "advanced", section: "references", flag: { name: "s3-public-url", meta: "URL" }, default: "" },
	{
		path: "uploader.s3PathStyle",
		kind: "boolean",
		label: "settings.uploader.s3PathStyle",
		help: "settings.uploader.s3PathStyle.help",
		when: { path: "uploader.kind", is: ["s3"] },
		level: "advanced",
		section: "references",
		flag: { name: "s3-virtual-host", form: "switch", invert: true },
		default: true,
	},
	{ path: "uploader.s3UrlSeconds", kind: "number", int: true, min: 60, max: 604_800, label: "settings.uploader.s3UrlSeconds", help: "settings.uploader.s3UrlSeconds.help", when: { path: "uploader.kind", is: ["s3"] }, level: "advanced", section: "references", default: 86_400 },
	{ path: "uploader.s3AccessKeySecret", kind: "secret", label: "settings.uploader.s3AccessKeySecret", help: "settings.secretStored.help", when: { path: "uploader.kind", is: ["s3"] }, level: "advanced", section: "references", default: "cineflow-s3-access-key-id" },
	{ path: "uploader.s3SecretKeySecret", kind: "secret", label: "settings.uploader.s3SecretKeySecret", help: "settings.secretStored.help", when: { path: "uploader.kind", is: ["s3"] }, level: "advanced", section: "references", default: "cineflow-s3-secret-access-key" },
	{
		path: "matrix.columns",
		kind: "number",
		int: true,
		min: 1,
		max: 16,
		empty: "null",
		label: "settings.matrix.columns",
		help: "settings.matrix.columns.help",
		placeholder: "auto",
		level: "advanced",
		section: "references",
		flag: { name: "matrix-columns", meta: "N" },
		default: null,
	},
	{ path: "matrix.gap", kind: "number", int: true, min: 0, max: 64, label: "settings.matrix.gap", help: "settings.matrix.gap.help", level: "advanced", section: "references", flag: { name: "matrix-gap", meta: "PX" }, default: 8 },
	{ path: "matrix.labels", kind: "boolean", label: "settings.matrix.labels", help: "settings.matrix.labels.help", level: "advanced", section: "references", flag: { name: "matrix-labels", form: "on-off" }, default: true },
	{ path: "matrix.background", kind: "text", label: "settings.matrix.background", help: "settings.matrix.background.help", level: "advanced", section: "references", default: "#181818" },
	{ path: "matrix.labelColor", kind: "text", label: "settings.matrix.labelColor", level: "advanced", section: "references", default: "#ffffff" },
	{ path: "matrix.labelBackground", kind: "text", label: "settings.matrix.labelBackground", level: "advanced", section: "references", default: "#000000" },
	{
		path: "keyframes.baseUrl",
		kind: "text",
		format: "url",
		required: true,
		label: "settings.keyframes.baseUrl",
		help: "settings.keyframes.baseUrl.help",
		level: "advanced",
		section: "references",
		flag: { name: "gemini-base-url", meta: "URL" },
		default: "https://generativelanguage.googleapis.com/v1beta",
	},
	{ path: "keyframes.model", kind: "text", required: true, label: "settings.keyframes.model", placeholder: "gemini-3-pro-image", level: "advanced", section: "references", flag: { name: "gemini-model", meta: "M" }, default: "gemini-3-pro-image" },
	{ path: "keyframes.imageSize", kind: "enum", values: ["1K", "2K", "4K"], label: "settings.keyframes.imageSize", level: "advanced", section: "references", default: "1K" },
	{ path: "keyframes.secretName", kind: "secret", label: "settings.keyframes.secretName", help: "settings.keyframes.secretName.help", level: "advanced", section: "references", default: "cineflow-gemini" },

	// ---------------------------------------------------------------- script assistant
	{
		path: "assistant.baseUrl",
		kind: "text",
		format: "url",
		required: true,
		label: "settings.assistant.baseUrl",
		help: "settings.assistant.baseUrl.help",
		level: "basic",
		section: "assistant",
		flag: { name: "base-url", command: "draft", meta: "URL" },
		default: "https://api.openai.com/v1",
	},
	{ path: "assistant.model", kind: "text", required: true, label: "settings.assistant.model", placeholder: "gpt-4o-mini", level: "basic", section: "assistant", flag: { name: "model", command: "draft", meta: "M" }, default: "gpt-4o-mini" },
	{
		path: "assistant.secretName",
		kind: "secret",
		label: "settings.assistant.secretName",
		help: "settings.assistant.secretName.help",
		level: "basic",
		section: "assistant",
		default: "cineflow-assistant",
	},
	{ path: "assistant.chunkTokens", kind: "number", int: true, min: 200, max: 200_000, label: "settings.assistant.chunkTokens", help: "settings.assistant.chunkTokens.help", level: "advanced", section: "assistant", flag: { name: "chunk-tokens", command: "draft", meta: "N" }, default: 3000 },

	// ---------------------------------------------------------------- interface
	{
		path: "language",
		kind: "enum",
		values: ["auto", "en", "zh"],
		labels: ["settings.language.auto", "settings.language.en", "settings.language.zh"],
		label: "settings.language",
		help: "settings.language.help",
		level: "basic",
		section: "interface",
		default: "auto",
	},
] as const satisfies readonly SettingDecl[];

export type SettingEntry = (typeof SETTING_TABLE)[number];
export type SettingPath = SettingEntry["path"];

registerLabels(SETTING_TABLE);

/** The declaration of one setting. */
export function settingDecl(path: SettingPath): SettingDecl {
	const d = (SETTING_TABLE as readonly SettingDecl[]).find((e) => e.path === path);
	if (!d) throw new Error(`no setting ${path}`); // i18n-ignore: a programming error (the path is typed), never shown
	return d;
}

export const SETTINGS: readonly SettingDecl[] = SETTING_TABLE;
