/** Declared settings, part of the one table (../table.ts): The script assistant (script → storyboard). */
import type { SettingDecl } from "../declare";

export const ASSISTANT_SETTINGS = [
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
	{
		path: "assistant.model",
		kind: "text",
		required: true,
		label: "settings.assistant.model",
		placeholder: "gpt-4o-mini",
		level: "basic",
		section: "assistant",
		flag: { name: "model", command: "draft", meta: "M" },
		default: "gpt-4o-mini",
	},
	{
		path: "assistant.secretName",
		kind: "secret",
		label: "settings.assistant.secretName",
		help: "settings.assistant.secretName.help",
		level: "basic",
		section: "assistant",
		default: "cineflow-assistant",
	},
	{
		path: "assistant.chunkTokens",
		kind: "number",
		int: true,
		min: 200,
		max: 200_000,
		label: "settings.assistant.chunkTokens",
		help: "settings.assistant.chunkTokens.help",
		level: "advanced",
		section: "assistant",
		flag: { name: "chunk-tokens", command: "draft", meta: "N" },
		default: 3000,
	},
] as const satisfies readonly SettingDecl[];
