/**
 * Node side of the Chromium test: builds the page (the stub host, test/browser/host)
 * and main.js, starts the provider simulator on 127.0.0.1, launches Debian's
 * Chromium through playwright-core (never a downloaded browser) and bridges the
 * page's requestUrl to the simulator.
 *
 * Time: the page runs on Playwright's fake clock and the simulator on a clock the
 * harness steps in lockstep with it, so minutes of polling run in a second or two
 * of real time without touching the plugin's own timing logic.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import esbuild from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { abortError, type Clock } from "../../src/ports/clock";
import { createSimulator, type Scenario, type Simulator } from "../../src/sim";
import { buildPluginBundle, readManifest } from "../smoke/vm-host";
import type { BootOptions, BridgeRequest, BridgeResponse, Registered } from "./host/page";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

const ROOT = process.cwd();

/** The stub host bundled for the page (it imports the unit tests' stub). */
export async function buildPage(): Promise<string> {
	const result = await esbuild.build({
		entryPoints: [path.join(ROOT, "test/browser/host/page.ts")],
		bundle: true,
		format: "iife",
		platform: "browser",
		target: "es2020",
		write: false,
		logLevel: "silent",
	});
	const out = result.outputFiles?.[0];
	if (!out) throw new Error("esbuild produced no page bundle");
	return out.text;
}

/** A clock the harness steps by hand (the simulator only reads now()). */
export class SteppedClock implements Clock {
	private timers: { at: number; resolve: () => void }[] = [];
	constructor(private t: number) {}
	now(): number {
		return this.t;
	}
	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return Promise.reject(abortError());
		return new Promise((resolve, reject) => {
			const timer = { at: this.t + ms, resolve };
			this.timers.push(timer);
			signal?.addEventListener("abort", () => {
				this.timers = this.timers.filter((x) => x !== timer);
				reject(abortError());
			});
		});
	}
	advance(ms: number): void {
		this.t += ms;
		const due = this.timers.filter((x) => x.at <= this.t);
		this.timers = this.timers.filter((x) => x.at > this.t);
		for (const d of due) d.resolve();
	}
}

export interface BrowserHarness {
	page: Page;
	sim: Simulator;
	origin: string;
	clock: SteppedClock;
	/** Page errors and console errors seen so far. */
	errors: string[];
	/** Every URL the page's requestUrl asked for. */
	requests: string[];
	boot(o: Omit<BootOptions, "pluginCode" | "manifest" | "css">): Promise<Registered>;
	/** Advances page time and simulator time together. */
	advance(ms: number): Promise<void>;
	/** Steps time until `check` is true; throws with `what` after `limitMs` of virtual time. */
	until(what: string, check: () => Promise<boolean>, limitMs?: number, stepMs?: number): Promise<number>;
	close(): Promise<void>;
}

export async function startBrowserHarness(scenario: Partial<Scenario>, apiKey: string): Promise<BrowserHarness> {
	const [pageCode, pluginCode, manifest] = await Promise.all([buildPage(), buildPluginBundle(), readManifest()]);
	const cssParts = [await readFile(path.join(ROOT, "test/browser/host/host.css"), "utf8")];
	if (existsSync(path.join(ROOT, "styles.css"))) cssParts.push(await readFile(path.join(ROOT, "styles.css"), "utf8"));
	const css = cssParts.join("\n");

	const start = Date.UTC(2026, 10, 23, 9, 30);
	const clock = new SteppedClock(start);
	const sim = createSimulator({ clock, seed: 7, apiKey, scenario });
	const srv = await sim.listen(0);
	const origin = srv.origin;

	let browser: Browser | null = null;
	const errors: string[] = [];
	const requests: string[] = [];
	try {
		browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"] });
		const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, deviceScaleFactor: 1, colorScheme: "dark" });
		const page = await context.newPage();
		page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
		page.on("console", (m) => {
			if (m.type() === "error") errors.push(`console.error: ${m.text()}`);
		});
		// Fake timers, paused: page time moves only when the harness advances it.
		await page.clock.install({ time: start - 1000 });
		await page.clock.pauseAt(start);
		// requestUrl → the simulator. Like Obsidian's requestUrl this runs outside the
		// page (no CORS) and follows redirects. Only the simulator's origin is reachable.
		const forward = async (req: BridgeRequest): Promise<BridgeResponse> => {
			if (!req.url.startsWith(origin + "/")) throw new Error(`net::ERR_NAME_NOT_RESOLVED (the test only reaches ${origin})`);
			const res = await fetch(req.url, {
				method: req.method,
				headers: req.headers,
				body: req.bodyBase64 === null ? undefined : Buffer.from(req.bodyBase64, "base64"),
			});
			const body = Buffer.from(await res.arrayBuffer());
			const headers: Record<string, string> = {};
			res.headers.forEach((v, k) => (headers[k] = v));
			return { status: res.status, headers, bodyBase64: body.toString("base64") };
		};
		let inFlight = 0;
		await page.exposeFunction("cineflowBridge", async (req: BridgeRequest): Promise<BridgeResponse> => {
			requests.push(`${req.method} ${req.url}`);
			inFlight++;
			try {
				return await forward(req);
			} finally {
				inFlight--;
			}
		});
		await page.setContent('<!doctype html><html><head><meta charset="utf-8"><title>CineFlow host</title></head><body></body></html>');
		await page.addScriptTag({ content: pageCode });

		// Network time is not virtual time: before time moves on, the requests in
		// flight complete (so a loaded machine cannot make the plugin's own request
		// timeouts fire), as a virtual clock waits for settled promise chains.
		const settle = async () => {
			const deadline = Date.now() + 15_000;
			do await new Promise((r) => setTimeout(r, 2));
			while (inFlight > 0 && Date.now() < deadline);
		};
		const advance = async (ms: number) => {
			await settle();
			clock.advance(ms);
			await page.clock.runFor(ms);
			await settle();
		};
		const b = browser;
		return {
			page,
			sim,
			origin,
			clock,
			errors,
			requests,
			boot: (o) => page.evaluate((opts) => window.cineflowHost.boot(opts), { ...o, pluginCode, manifest, css }),
			advance,
			async until(what, check, limitMs = 30 * 60_000, stepMs = 500) {
				let spent = 0;
				while (!(await check())) {
					if (spent >= limitMs) throw new Error(`timed out (virtual ${Math.round(spent / 1000)} s) waiting for ${what}`);
					await advance(stepMs);
					spent += stepMs;
				}
				return spent;
			},
			async close() {
				await b.close();
				await srv.close();
			},
		};
	} catch (err) {
		await browser?.close();
		await srv.close();
		throw err;
	}
}
