/**
 * The fake Obsidian host of the Chromium test, bundled for the page. It is the
 * unit-test stub (test/stubs/obsidian.ts, which installs Obsidian's DOM helpers
 * on the real HTMLElement prototype when a DOM is present), plus only what a
 * window needs: a layout in the document, a loader that evaluates main.js the
 * way Obsidian does (a CommonJS wrapper where only "obsidian" can be required),
 * requestUrl wired to the test runner (which forwards to the simulator, like
 * Obsidian's requestUrl goes through the app's network stack, free of CORS),
 * and a few calls the runner drives through page.evaluate.
 */
import * as obsidian from "../../stubs/obsidian";
import { decodeNamedCharacterReference } from "../../../src/shims/decode-named-character-reference";
import {
	App,
	Component,
	MarkdownView,
	Notice,
	createApp__,
	requestUrl,
	setIcon,
	setRequestUrlHandler,
	type StubHttpAnswer,
	type RequestUrlParam,
} from "../../stubs/obsidian";

/** Serializable request/response for the runner's bridge (bodies as base64). */
export interface BridgeRequest {
	url: string;
	method: string;
	headers: Record<string, string>;
	bodyBase64: string | null;
}
export interface BridgeResponse {
	status: number;
	headers: Record<string, string>;
	bodyBase64: string;
}

export interface BootOptions {
	pluginCode: string;
	manifest: { id: string; [k: string]: unknown };
	files: Record<string, string>;
	/** data.json of the plugin, written before load. */
	data?: unknown;
	secrets?: Record<string, string>;
	css?: string;
}

export interface Registered {
	commands: { id: string; name: string }[];
	viewTypes: string[];
	codeBlocks: string[];
	settingTabs: number;
	ribbon: string[];
}

type PluginInstance = Component;

declare global {
	interface Window {
		cineflowBridge?: (req: BridgeRequest) => Promise<BridgeResponse>;
		cineflowHost: HostApi;
		activeWindow: Window;
		activeDocument: Document;
	}
}

function toBase64(bytes: Uint8Array): string {
	let s = "";
	for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(s);
}
function fromBase64(b64: string): Uint8Array {
	const s = atob(b64);
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
}

async function bridge(param: RequestUrlParam): Promise<StubHttpAnswer> {
	const send = window.cineflowBridge;
	if (!send) throw new Error("net::ERR_INTERNET_DISCONNECTED");
	const headers: Record<string, string> = { ...(param.headers ?? {}) };
	if (param.contentType) headers["content-type"] = param.contentType;
	let body: string | null = null;
	if (typeof param.body === "string") body = toBase64(new TextEncoder().encode(param.body));
	else if (param.body) body = toBase64(new Uint8Array(param.body));
	const res = await send({ url: param.url, method: param.method ?? "GET", headers, bodyBase64: body });
	return { status: res.status, headers: res.headers, body: fromBase64(res.bodyBase64) };
}

class HostApi {
	app: App | null = null;
	plugin: PluginInstance | null = null;
	/** The reading view's owner (cards' render children attach to it). */
	private reading: Component | null = null;

	private get a(): App {
		if (!this.app) throw new Error("host not booted");
		return this.app;
	}

	async boot(o: BootOptions): Promise<Registered> {
		window.activeWindow = window;
		window.activeDocument = document;
		setRequestUrlHandler(bridge);
		if (o.css) document.head.createEl("style", { text: o.css });

		const app = await createApp__(o.files);
		this.app = app;
		for (const [k, v] of Object.entries(o.secrets ?? {})) app.secretStorage.setSecret(k, v);
		if (o.data !== undefined) await app.vault.adapter.write(`${app.vault.configDir}/plugins/${o.manifest.id}/data.json`, JSON.stringify(o.data));

		// Window layout: ribbon | main split | right split, status bar below.
		const root = document.body.createDiv("app-container");
		const row = root.createDiv("horizontal-main-container");
		row.appendChild(app.ribbonEl);
		row.appendChild(app.workspace.containerEl);
		root.appendChild(app.statusBarEl);

		// Load main.js like Obsidian: CommonJS wrapper, `require("obsidian")` only.
		const module = { exports: {} as Record<string, unknown> };
		const require = (id: string): unknown => {
			if (id === "obsidian") return obsidian;
			throw new Error(`Cannot find module '${id}'`);
		};
		const factory = new Function("require", "module", "exports", `${o.pluginCode}\n//# sourceURL=plugin:${o.manifest.id}`) as (
			r: typeof require,
			m: typeof module,
			e: unknown,
		) => void;
		factory(require, module, module.exports);
		const Cls = (module.exports.default ?? module.exports) as new (app: App, manifest: unknown) => PluginInstance;
		const plugin = new Cls(app, o.manifest);
		this.plugin = plugin;
		const onload = plugin.onload.bind(plugin);
		let pending: unknown;
		plugin.onload = () => {
			const r = onload();
			pending = r;
			return r;
		};
		plugin.load();
		await pending;
		plugin.onload = onload;
		app.workspace.setLayoutReady__();
		return this.registered();
	}

	registered(): Registered {
		const app = this.a;
		return {
			commands: [...app.commands__.values()].map((c) => ({ id: c.id, name: c.name })),
			viewTypes: [...app.viewRegistry__.keys()],
			codeBlocks: [...app.codeBlockProcessors__.keys()],
			settingTabs: app.settingTabs__.length,
			ribbon: Array.from(app.ribbonEl.children).map((e) => e.getAttribute("aria-label") ?? ""),
		};
	}

	/** Opens a note in the main leaf (editing view: the editor reads the note's text). */
	async openNote(path: string): Promise<void> {
		const file = this.a.vault.getFileByPath(path);
		if (!file) throw new Error(`no note ${path}`);
		await this.a.workspace.openFile__(file);
	}

	/** Renders the active note's reading view into its leaf (shot cards via the plugin's processor). */
	async renderReading(): Promise<number> {
		const view = this.a.workspace.getLeavesOfType("markdown")[0]?.view;
		if (!(view instanceof MarkdownView) || !view.file) throw new Error("no open note");
		this.reading?.unload();
		const owner = new Component();
		owner.load();
		this.reading = owner;
		let el = view.containerEl.querySelector<HTMLElement>(".markdown-reading-view");
		if (!el) el = view.containerEl.createDiv("markdown-reading-view markdown-rendered");
		await this.a.renderNote__(view.file, el, owner);
		return el.querySelectorAll(".block-language-shot").length;
	}

	/** Runs a command by its name as shown in the palette (or its id); false when unavailable. */
	runCommand(nameOrId: string): boolean {
		const c = [...this.a.commands__.values()].find((x) => x.name === nameOrId || x.id === nameOrId);
		if (!c) throw new Error(`no command "${nameOrId}" (have: ${[...this.a.commands__.values()].map((x) => x.name).join(", ")})`);
		return this.a.runCommand__(c.id);
	}

	/** Opens the settings window on the plugin's tab and renders it with display(); `group` is the sidebar's title (Obsidian's, in its language). */
	openSettings(group = "Community plugins"): void {
		const tab = this.a.settingTabs__[0];
		if (!tab) throw new Error("no settings tab");
		let modal = document.querySelector<HTMLElement>(".mod-settings");
		if (!modal) {
			const container = document.body.createDiv("modal-container mod-settings-container");
			container.createDiv("modal-bg");
			modal = container.createDiv("modal mod-settings");
			const sidebar = modal.createDiv("vertical-tab-header");
			sidebar.createDiv({ cls: "vertical-tab-header-group-title", text: group });
			sidebar.createDiv({ cls: "vertical-tab-nav-item is-active", text: "CineFlow" });
			modal.createDiv("vertical-tab-content-container").appendChild(tab.containerEl);
		}
		tab.display();
	}

	closeSettings(): void {
		this.a.settingTabs__[0]?.hide();
		document.querySelector(".mod-settings-container")?.remove();
	}

	/** Rendered text (innerText: one line per block) of every view of a type, for the runner's waits. */
	viewText(type: string): string {
		return this.a.workspace
			.getLeavesOfType(type)
			.map((l) => l.view?.containerEl.innerText ?? "")
			.join("\n");
	}

	/**
	 * Before a screenshot: leaf headers show their view's title and icon (Obsidian
	 * draws these itself), and transient notices are hidden so they do not cover
	 * the view being captured.
	 */
	prepareScreenshot(): void {
		for (const leaf of this.a.workspace.leaves) {
			const v = leaf.view;
			const title = v?.containerEl.querySelector<HTMLElement>(".view-header-title");
			if (!v || !title) continue;
			title.empty();
			const icon = title.createSpan("view-header-icon");
			setIcon(icon, v.getIcon());
			title.createSpan({ text: v.getDisplayText() });
		}
		document.querySelector<HTMLElement>(".notice-container")?.addClass("is-hidden-for-screenshot");
	}

	read(path: string): string | null {
		const raw = this.a.vault.adapter.readSync__(path);
		return typeof raw === "string" ? raw : null;
	}

	/** Every file in the vault (hidden ones too) with its size and first bytes (hex). */
	files(): { path: string; size: number; head: string }[] {
		return [...this.a.vault.adapter.files.entries()].map(([path, e]) => {
			const bytes = typeof e.data === "string" ? new TextEncoder().encode(e.data) : e.data;
			return { path, size: bytes.byteLength, head: Array.from(bytes.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("") };
		});
	}

	/** One request through the stub's requestUrl (host self-check). */
	async request(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
		const r = await requestUrl({ url, headers, throw: false });
		return { status: r.status, text: r.text };
	}

	/** The plugin bundle's entity decoder on the page's real DOMParser (host self-check). */
	decodeEntity(name: string): string | false {
		return decodeNamedCharacterReference(name);
	}

	notices(): string[] {
		return Notice.shown__.map((n) => n.text__);
	}

	statusBar(): string {
		return this.a.statusBarEl.textContent ?? "";
	}

	unload(): void {
		this.reading?.unload();
		this.plugin?.unload();
	}
}

window.cineflowHost = new HostApi();
