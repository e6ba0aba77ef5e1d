/**
 * A small, honest stand-in for the `obsidian` module (which is types-only on npm).
 * It implements only what CineFlow uses, with the behaviour obsidian.d.ts documents.
 * The same module is the fake host of the Chromium test (bundled for the page), so
 * the unit tests and the browser test exercise one stub, not two.
 *
 * Members ending in `__` are test/host helpers that Obsidian does not have.
 * No Node built-ins anywhere in it (it is bundled for a browser page).
 *
 * Stable host API (the unit tests and the Chromium fake host rely on these):
 * - `createApp__(files)` → App over an in-memory vault (DataAdapter + Vault index,
 *   hidden paths reachable only through the adapter, as in Obsidian).
 * - App: `commands__`, `runCommand__(id, checkOnly?)` (palette semantics incl.
 *   check/editor callbacks), `renderNote__(file, el, owner)` (reading view that
 *   hands ```lang blocks to registered code block processors with getSectionInfo),
 *   `openModals__`, `settingTabs__`, `viewRegistry__`, `codeBlockProcessors__`,
 *   `ribbonEl`, `statusBarEl`, `bodyEl`.
 * - Workspace: `setLayoutReady__()` (runs onLayoutReady callbacks), `openFile__(file)`
 *   (opens a MarkdownView whose `editor` reads the file; `editor.setCursor`),
 *   `trigger("file-menu", menu, file, source)`; leaves via getRightLeaf/getLeaf.
 * - Vault: `setConfig__(key, value)` (e.g. "useMarkdownLinks", read by
 *   FileManager.generateMarkdownLink); `adapter.readSync__(path)`, `adapter.files`.
 * - Component: `loadAsync__()` (awaits an async onload), `loaded__`;
 *   Events: `listenerCount__(name?)`.
 * - Notice: `Notice.shown__`, `Notice.reset__()`, `notice.text__`.
 * - SuggestModal: `suggestions__()`, `selectSuggestion(item)`.
 * - SecretComponent: `link__(name, secret)` (the user picks/creates a secret).
 * - getLanguage: "en" unless `setAppLanguage__(lang)` says otherwise.
 * - requestUrl: `setRequestUrlHandler(fn)` routes requests (e.g. to the simulator);
 *   with none set, every request fails like an offline network.
 * - DOM: in a browser, Obsidian's element helpers (createEl, createDiv, empty,
 *   setText, addClass, …) are installed on HTMLElement.prototype; in Node,
 *   `FakeElement` provides them. `allElements(root)` walks either.
 */
export { FakeElement, allElements, hasDom, installDomHelpers, makeEl } from "./obsidian/dom";
export { Component, Events, type EventRef } from "./obsidian/events";
export { DataAdapter, MetadataCache, TAbstractFile, TFile, TFolder, Vault, normalizePath } from "./obsidian/vault";
export { FileManager } from "./obsidian/file-manager";
export { Editor, ItemView, MarkdownView, Menu, MenuItem, View, Workspace, WorkspaceLeaf } from "./obsidian/workspace";
export {
	BaseComponent,
	ButtonComponent,
	DropdownComponent,
	ExtraButtonComponent,
	FuzzySuggestModal,
	MarkdownRenderChild,
	Modal,
	Notice,
	PluginSettingTab,
	SecretComponent,
	Setting,
	SuggestModal,
	TextAreaComponent,
	TextComponent,
	ToggleComponent,
	setIcon,
	type FuzzyMatch,
} from "./obsidian/ui";
export { App, Platform, Plugin, SecretStorage, createApp__, type Command, type MarkdownPostProcessorContext, type PluginManifest } from "./obsidian/app";

// ---------------------------------------------------------------------------
// requestUrl: delegates to an injectable handler so tests can point it at the
// provider simulator. Like the real one, it rejects on status >= 400 unless
// `throw: false`, and rejects when the request fails at the network level.

export interface RequestUrlParam {
	url: string;
	method?: string;
	contentType?: string;
	body?: string | ArrayBuffer;
	headers?: Record<string, string>;
	throw?: boolean;
}

export interface RequestUrlResponse {
	status: number;
	headers: Record<string, string>;
	arrayBuffer: ArrayBuffer;
	json: unknown;
	text: string;
}

export interface RequestUrlResponsePromise extends Promise<RequestUrlResponse> {
	arrayBuffer: Promise<ArrayBuffer>;
	json: Promise<unknown>;
	text: Promise<string>;
}

/** What a test handler returns: the raw response, before requestUrl's getters. */
export interface StubHttpAnswer {
	status: number;
	headers?: Record<string, string>;
	body?: string | Uint8Array | ArrayBuffer;
}

export type RequestUrlHandler = (param: RequestUrlParam) => Promise<StubHttpAnswer>;

let requestUrlHandler: RequestUrlHandler | undefined;

/** Test hook: where requestUrl sends requests (undefined = every request fails as offline). */
export function setRequestUrlHandler(handler: RequestUrlHandler | undefined): void {
	requestUrlHandler = handler;
}

function toArrayBuffer(body: StubHttpAnswer["body"]): ArrayBuffer {
	if (body === undefined) return new ArrayBuffer(0);
	if (body instanceof ArrayBuffer) return body;
	const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
	const out = new ArrayBuffer(bytes.byteLength);
	new Uint8Array(out).set(bytes);
	return out;
}

export function requestUrl(request: RequestUrlParam | string): RequestUrlResponsePromise {
	const param: RequestUrlParam = typeof request === "string" ? { url: request } : request;
	const p = (async (): Promise<RequestUrlResponse> => {
		if (!requestUrlHandler) throw new Error("net::ERR_INTERNET_DISCONNECTED");
		const answer = await requestUrlHandler(param);
		const buf = toArrayBuffer(answer.body);
		const text = new TextDecoder().decode(buf);
		const res: RequestUrlResponse = {
			status: answer.status,
			headers: answer.headers ?? {},
			arrayBuffer: buf,
			get json(): unknown {
				return JSON.parse(text) as unknown;
			},
			text,
		};
		if (param.throw !== false && answer.status >= 400) {
			const err = new Error(`Request failed, status ${answer.status}`) as Error & { status: number; headers: Record<string, string> };
			err.status = answer.status;
			err.headers = res.headers;
			throw err;
		}
		return res;
	})();
	const out = p as RequestUrlResponsePromise;
	Object.defineProperty(out, "arrayBuffer", { get: () => p.then((r) => r.arrayBuffer) });
	Object.defineProperty(out, "json", { get: () => p.then((r) => r.json) });
	Object.defineProperty(out, "text", { get: () => p.then((r) => r.text) });
	return out;
}

// ---------------------------------------------------------------------------
// getLanguage (Obsidian 1.8.7+): the app's interface language, "en" unless a
// test sets another with setAppLanguage__.

let appLanguage = "en";

export function getLanguage(): string {
	return appLanguage;
}

/** Test hook: the language getLanguage reports (e.g. "zh", "zh-TW", "fr"). */
export function setAppLanguage__(lang: string): void {
	appLanguage = lang;
}
