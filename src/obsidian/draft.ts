/**
 * "Draft shots from this script": the script → storyboard assistant for the
 * active note. A thin adapter: the active file, the vault (read, and vault.create
 * for the one new note, which never replaces a file), requestUrl-based HTTP, the
 * assistant's own key from SecretStorage, notices for progress and result, and
 * the new note opened in a new tab.
 * The integrator registers the command; nothing here runs at load time.
 */
import { Notice, normalizePath, type App } from "obsidian";
import { AlreadyExistsError, createRedactor, draftDefaultsFrom, DraftError, type DraftResult, draftStoryboard, type DraftVault, t } from "../core";
import type { CineFlowHost } from "./host";
import { createObsidianHttp } from "./http";
import { joinClauses, joinPhrases } from "./text";

/** What the command needs from the plugin. */
export type DraftHost = Pick<CineFlowHost, "app" | "settings" | "runDeps">;

/** DraftVault over Obsidian's vault: cachedRead, an existence check that also asks the adapter, vault.create. */
export function obsidianDraftVault(app: App): DraftVault {
	const exists = async (p: string): Promise<boolean> => {
		const n = normalizePath(p);
		return app.vault.getAbstractFileByPath(n) !== null || (await app.vault.adapter.exists(n));
	};
	return {
		async read(p) {
			const f = app.vault.getFileByPath(normalizePath(p));
			return f ? app.vault.cachedRead(f) : null;
		},
		exists,
		async create(p, text) {
			const n = normalizePath(p);
			if (await exists(n)) throw new AlreadyExistsError(n);
			await app.vault.create(n, text);
		},
	};
}

function summary(r: DraftResult): string {
	const parts = [t("plugin.draft.drafted", { count: r.shots, path: r.path })];
	if (r.repairs) parts.push(t("plugin.draft.repaired", { count: r.repairs }));
	if (r.warnings.length) parts.push(t("plugin.draft.warnings", { count: r.warnings.length, list: joinClauses(r.warnings.slice(0, 3)) }));
	return t("plugin.draft.summary", { details: joinPhrases(parts) });
}

/**
 * Drafts the storyboard of the active note into a new note next to it. Shows a
 * notice while it works and one with the result or the error; never throws.
 * Returns the result (undefined when nothing was written), for the caller and tests.
 */
export async function draftFromActiveNote(plugin: DraftHost): Promise<DraftResult | undefined> {
	const app = plugin.app;
	const file = app.workspace.getActiveFile();
	if (!file || file.extension !== "md") {
		new Notice(t("plugin.draft.openScript"));
		return undefined;
	}
	const settings = plugin.settings;
	const a = settings.assistant;
	const key = app.secretStorage.getSecret(a.secretName);
	const redact = createRedactor([key]);
	const progress = new Notice(t("plugin.draft.working", { note: file.basename }), 0);
	try {
		const result = await draftStoryboard({
			scriptPath: file.path,
			vault: obsidianDraftVault(app),
			http: plugin.runDeps?.http ?? createObsidianHttp(),
			apiKey: key,
			missingKey: t("plugin.draft.missingKey", { secret: a.secretName }),
			baseUrl: a.baseUrl,
			model: a.model,
			chunkTokens: a.chunkTokens,
			defaults: draftDefaultsFrom(settings),
			onProgress: (e) => {
				if (e.kind === "chunk") progress.setMessage(t("plugin.draft.part", { index: e.index + 1, total: e.total, note: file.basename }));
				else progress.setMessage(t("plugin.draft.repairing", { index: e.index + 1, total: e.total }));
			},
		});
		progress.hide();
		new Notice(summary(result), 10_000);
		// Show the new note next to the script (a new tab; the script stays open).
		const created = app.vault.getFileByPath(normalizePath(result.path));
		if (created) {
			try {
				await app.workspace.getLeaf("tab").openFile(created);
			} catch {
				// The note is written and the notice says where; opening it is a convenience.
			}
		}
		return result;
	} catch (e) {
		progress.hide();
		const msg = e instanceof DraftError ? e.message : redact(e instanceof Error ? e.message : String(e));
		new Notice(t("plugin.prefixed", { message: msg }), 0);
		return undefined;
	}
}
