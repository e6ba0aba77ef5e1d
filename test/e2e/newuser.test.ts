/**
 * Issue 16, "found when tried as a new user would": the CLI's generate command
 * (in process) against the simulator over loopback. What the provider saw is
 * read from the simulator's request log.
 */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { generate, KEY, shot, startSim, tempVault, type Harness } from "./helpers";

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
});

interface Ev {
	type: string;
	key?: string;
	state?: string;
	message?: string;
	reason?: string;
	provider?: string;
	left?: string;
}

function events(out: string): Ev[] {
	return out
		.trim()
		.split("\n")
		.filter(Boolean)
		.map((l) => JSON.parse(l) as Ev);
}

describe("new-user fixes in cineflow generate", () => {
	it("no key set: stops once before any shot is sent, exit 3, one message naming the variable", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "First") + shot("s02", "Second") + shot("s03", "Third") });
		const r = await generate(h, vault, "Ep.md", [], { env: {} });
		expect(r.code).toBe(3);
		expect(h.sim.log).toEqual([]);
		const all = r.out + r.err;
		expect(all.match(/SORAHK_API_KEY/g), all).toHaveLength(1);
		expect(all).not.toMatch(/✗/);
		// The shots are named as never sent, not as kept remote tasks.
		expect(all).not.toMatch(/remote task/);
		expect(r.out).toMatch(/s01\s+1\s+cancelled\s+never sent/);
	});

	it("no key set with --json: one stop event (reason auth, the provider named), no per-shot failures", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "First") + shot("s02", "Second") });
		const r = await generate(h, vault, "Ep.md", ["--json"], { env: {} });
		expect(r.code).toBe(3);
		expect(h.sim.log).toEqual([]);
		const ev = events(r.out);
		const stops = ev.filter((e) => e.type === "stop");
		expect(stops).toHaveLength(1);
		expect(stops[0]).toMatchObject({ reason: "auth", provider: "sorahk" });
		expect(stops[0]?.message).toContain("SORAHK_API_KEY");
		expect(ev.filter((e) => e.type === "job" && e.state === "failed")).toEqual([]);
		expect(ev.filter((e) => e.type === "job" && e.left === "never-sent").map((e) => e.key)).toEqual(["Ep.md::s01::1", "Ep.md::s02::1"]);
	});

	it("a rejected key (401, the provider's own words) gets a hint naming the environment variable; the key stays redacted", async () => {
		h = await startSim();
		const wrong = "sk-WRONGKEY-9876543210fedcba";
		const vault = await tempVault({ "Ep.md": shot("s01", "First") });
		const r = await generate(h, vault, "Ep.md", [], { env: { SORAHK_API_KEY: wrong } });
		expect(r.code).toBe(3);
		expect(h.sim.log.filter((e) => e.route === "create").map((e) => e.status)).toEqual([401]);
		const all = r.out + r.err;
		expect(all).toContain("API密钥无效或已被禁用");
		expect(all).toMatch(/check SORAHK_API_KEY/);
		expect(all).not.toContain(wrong);
		expect(all).not.toContain(KEY);
	});

	it("warnings reach --json output as warning events", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "First", "colour: red\n") });
		const r = await generate(h, vault, "Ep.md", ["--json"]);
		expect(r.code).toBe(0);
		const warnings = events(r.out).filter((e) => e.type === "warning");
		expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/unknown field colour is ignored/)]);
		expect(r.err).toBe("");
	});

	it("warnings are printed once without --json", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "First", "colour: red\n") });
		const r = await generate(h, vault, "Ep.md");
		expect(r.code).toBe(0);
		expect((r.out + r.err).match(/unknown field colour is ignored/g)).toHaveLength(1);
	});

	it("counts are written with correct plurals", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "Only one") });
		const r = await generate(h, vault, "Ep.md");
		expect(r.code).toBe(0);
		expect(r.out).toContain("CineFlow: 1 job (1 to run");
		expect(r.out).not.toMatch(/\b1 jobs\b/);
	});

	it("Ctrl-C twice: the summary says per shot what was sent and is running (with its task) and what was never sent", async () => {
		h = await startSim({ capacity: 2, jobDurationMs: { min: 3_600_000, max: 3_600_000 } });
		const vault = await tempVault({ "Ep.md": [1, 2, 3, 4].map((i) => shot(`s0${i}`, `Left shot ${i}`)).join("\n") });
		const stop = new AbortController();
		let out = "";
		const queued = new Set<string>();
		// Both "Ctrl-C"s once the provider has answered two creates (their tasks run for an hour).
		const watch = new Writable({
			write: (c, _e, cb) => {
				out += String(c);
				for (const l of String(c).split("\n").filter(Boolean)) {
					const e = JSON.parse(l) as Ev;
					if (e.type === "job" && e.state === "queued" && e.key) queued.add(e.key);
				}
				if (queued.size >= 2) stop.abort();
				cb();
			},
		});
		const r = await generate(h, vault, "Ep.md", ["--json", "--concurrency", "2", "--max-concurrency", "2"], {
			signal: stop.signal,
			abandonSignal: stop.signal,
			out: watch,
		});
		expect(r.code).toBe(1);
		const last = new Map<string, Ev>();
		for (const e of events(out)) if (e.type === "job" && e.key) last.set(e.key, e);
		const running = [...last.values()].filter((e) => e.left === "running");
		const never = [...last.values()].filter((e) => e.left === "never-sent");
		// What the provider accepted is what the summary calls running; nothing else was sent.
		const taskIds = new Set(h.sim.tasks().map((t) => t.id));
		expect(taskIds.size).toBe(2);
		expect(running.map((e) => e.key).sort()).toEqual([...queued].sort());
		for (const e of running) expect(taskIds.has(/\(task ([^)]+)\)/.exec(e.message ?? "")?.[1] ?? "")).toBe(true);
		expect(never).toHaveLength(2);
		for (const e of running) expect(e.message).toMatch(/^sent and running at the provider \(task [^)]+\): the journal keeps the task/);
		for (const e of never) expect(e.message).toMatch(/^never sent: nothing was paid/);
		expect(out).not.toMatch(/remote task/);
	});

	it("a duplicate shot id: keys stay unique, counts match, the duplicate is reported by note:line:shot and nothing is billed twice", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": shot("s01", "First") + shot("s02", "Second") + shot("s01", "First again") });
		const r = await generate(h, vault, "Ep.md", ["--json"]);
		expect(r.code).toBe(2);
		const ev = events(r.out);
		const start = ev.find((e) => e.type === "run-start") as Ev & { jobs: number; invalid: number };
		expect(start).toMatchObject({ jobs: 3, invalid: 1 });
		const firsts = new Map<string, string>();
		for (const e of ev) if (e.type === "job" && e.key && !firsts.has(e.key)) firsts.set(e.key, e.state ?? "");
		expect(firsts.size).toBe(3);
		const invalid = ev.filter((e) => e.type === "job" && e.state === "invalid");
		expect(invalid).toHaveLength(1);
		expect(invalid[0]?.message).toMatch(/^Ep\.md:\d+ shot s01: duplicate shot id s01/);
		expect(ev.at(-1)).toMatchObject({ type: "summary", succeeded: 2, invalid: 1, submitted: 2 });
		expect(h.sim.createsByPrompt().get("First")).toBe(1);
		expect(h.sim.createsByPrompt().get("First again")).toBeUndefined();
	});

	it("precedence: a shot's field wins over its note's, which wins over a run flag; --override makes the flag win", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Ep.md": "---\ncineflow:\n  takes: 2\n---\n" + shot("own", "Own takes", "takes: 1\n") + shot("note", "Note takes"),
			"Bare.md": shot("bare", "Run takes"),
		});
		const r = await generate(h, vault, "", ["--takes", "3"]);
		expect(r.code, r.out + r.err).toBe(0);
		const seen = h.sim.createsByPrompt();
		expect([seen.get("Own takes"), seen.get("Note takes"), seen.get("Run takes")]).toEqual([1, 2, 3]);

		const o = await generate(h, vault, "", ["--takes", "3", "--override"]);
		expect(o.code, o.out + o.err).toBe(0);
		const after = h.sim.createsByPrompt();
		expect([after.get("Own takes"), after.get("Note takes"), after.get("Run takes")]).toEqual([3, 3, 3]);
	});
});
