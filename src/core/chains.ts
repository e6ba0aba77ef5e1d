/**
 * The plan's chain graph (issue 17, "Chaining"). A chained shot (parse/chain.ts)
 * waits for the shot whose last frame becomes its first frame: every take of it
 * gets `after` (the upstream shot) and `chainDepth`. Which take
 * of the upstream is used is decided at run time by the cut's chosen-take rule
 * (cut/chosen.ts), because it depends on the files and the journal then.
 *
 * Errors name note:line:shot and make the shot's jobs invalid (never billed):
 * a missing target, a cycle, and an upstream that is itself invalid (which
 * blocks only its own chain). `last_frame: next` takes the next shot's first
 * frame image; it is an error when that shot has none, or is chained to this one.
 * Pure: the cost of the remaining jobs is untouched.
 */
import type { TakeChoice } from "./cut/chosen";
import { t } from "./i18n";
import { chainText } from "./parse/chain";
import { where } from "./parse/errors";
import type { PlannedJob, Shot } from "./types";

/** One shot of the plan with its jobs (all takes), in note order. */
interface Node {
	notePath: string;
	shotId: string;
	line: number;
	jobs: PlannedJob[];
	shot?: Shot;
	up?: Node;
	/** Why the node cannot run (its jobs become invalid with this reason). */
	error?: string;
	/** The node closes a cycle (typed, so blocked nodes can say so). */
	cycle?: boolean;
	depth?: number;
	/** The upstream is in a note outside the run (its video is on disk, or not yet). */
	external?: Extract<ExternalUpstream, { found: "shot" }>;
}

/** A "waits on" edge, for the dry run. */
export interface ChainEdge {
	notePath: string;
	shotId: string;
	line: number;
	/** How the shot asked: `previous`, `[[Ep1#s03]]`, or `chain: true`. */
	asked: string;
	upstream: { notePath: string; shotId: string; line: number };
	depth: number;
	/** The upstream is in a note outside this run (run/upstreams.ts): its take as found on disk. */
	external?: { outputFolder: string; duration: number; choice: TakeChoice };
}

/**
 * What a `[[Note#shot]]` whose note is not in the run names, read from the vault
 * (run/upstreams.ts): no such note, no such shot in it, or the shot and its chosen take.
 */
export type ExternalUpstream =
	| { found: "no-note"; link: string }
	| { found: "no-shot"; notePath: string }
	| { found: "shot"; notePath: string; shotId: string; line: number; duration: number; outputFolder: string; choice: TakeChoice };

/** By `externalKey(downstream note, link note, shot id)`. */
export type ExternalUpstreams = Map<string, ExternalUpstream>;

export function externalKey(fromNote: string, linkNote: string, shotId: string): string {
	return `${fromNote}\u0000${linkNote}\u0000${shotId}`;
}

/**
 * Jobs that a run would block because their chain starts at a shot of a note outside
 * the run that has no video yet (directly or further down the chain): job key → why.
 */
export function blockedByExternal(plan: { jobs: readonly PlannedJob[]; chains: readonly ChainEdge[] }): Map<string, string> {
	const why = new Map<string, string>();
	for (const c of [...plan.chains].sort((a, b) => a.depth - b.depth)) {
		const up = c.external ? undefined : why.get(`${c.upstream.notePath}::${c.upstream.line}`);
		const reason = c.external && !c.external.choice.ok ? t("run.chain.generateFirst", { note: stem(c.upstream.notePath), shot: c.upstream.shotId }) : up;
		if (reason) why.set(`${c.notePath}::${c.line}`, reason);
	}
	const out = new Map<string, string>();
	for (const j of plan.jobs) {
		const r = why.get(`${j.notePath}::${j.line}`);
		if (r) out.set(j.key, r);
	}
	return out;
}

/** The dry run's words for a cross-note upstream: "from Ep1 s03, take 2, on disk". */
export function externalText(e: ChainEdge): string {
	const x = e.external;
	if (!x) return "";
	const c = x.choice;
	const note = stem(e.upstream.notePath);
	const shot = e.upstream.shotId;
	return c.ok ? t("run.chain.fromOnDisk", { note, shot, take: c.take }) : t("run.chain.fromNotGenerated", { note, shot });
}

function nodesOf(jobs: readonly PlannedJob[], shots: readonly Shot[]): Node[] {
	const byKey = new Map(shots.map((s) => [`${s.source.notePath}::${s.source.line}`, s]));
	const nodes: Node[] = [];
	for (const j of jobs) {
		const last = nodes[nodes.length - 1];
		if (last && last.notePath === j.notePath && last.line === j.line && last.shotId === j.shotId) {
			last.jobs.push(j);
			continue;
		}
		const n: Node = { notePath: j.notePath, shotId: j.shotId, line: j.line, jobs: [j] };
		const s = j.status === "invalid" ? undefined : byKey.get(`${j.notePath}::${j.line}`);
		if (s) n.shot = s;
		nodes.push(n);
	}
	return nodes;
}

function stem(path: string): string {
	const base = path.slice(path.lastIndexOf("/") + 1);
	return base.replace(/\.(md|json)$/i, "");
}

/** The note a `[[Note#shot]]` link names, among the planned notes. */
function noteOf(link: string, from: string, notes: readonly string[]): string | undefined {
	if (link === "") return from;
	const exact = notes.find((p) => p === link || p === `${link}.md`);
	if (exact) return exact;
	const byName = notes.filter((p) => stem(p) === stem(link));
	return byName.length === 1 ? byName[0] : undefined;
}

function at(n: Node): string {
	return where(n.notePath, n.line, n.shotId);
}

/** Sets `after`, `chainDepth` and chain errors on the jobs; returns the edges. */
export function linkChains(jobs: readonly PlannedJob[], shots: readonly Shot[], external: ReadonlyMap<string, ExternalUpstream> = new Map()): ChainEdge[] {
	const nodes = nodesOf(jobs, shots);
	const notes = [...new Set(nodes.map((n) => n.notePath))];
	const asked = new Map<Node, string>();
	for (const [i, n] of nodes.entries()) {
		const c = n.shot?.chain;
		if (!c) continue;
		asked.set(n, c.kind === "previous" && c.byNote ? "chain: true" : chainText(c)); // i18n-ignore: the shot-block syntax the user wrote
		if (c.kind === "previous") {
			const prev = nodes[i - 1];
			if (prev && prev.notePath === n.notePath) n.up = prev;
			else n.error = t("run.chain.noPrevious", { at: at(n) });
			continue;
		}
		const notePath = noteOf(c.note, n.notePath, notes);
		const up = notePath === undefined ? undefined : nodes.find((m) => m.notePath === notePath && (m.shotId === c.shot || m.jobs[0]?.anchor?.id === c.shot));
		const ext = up || c.note === "" ? undefined : external.get(externalKey(n.notePath, c.note, c.shot));
		if (up) n.up = up;
		else if (ext?.found === "shot") {
			n.external = ext;
			n.depth = 1;
		} else if (ext?.found === "no-note") n.error = t("run.chain.noNote", { at: at(n), link: chainText(c), note: c.note });
		else if (ext?.found === "no-shot") n.error = t("run.chain.noShot", { at: at(n), link: chainText(c), note: ext.notePath, shot: c.shot });
		else n.error = t("run.chain.notInThisRun", { at: at(n), link: chainText(c) });
	}
	// last_frame: next first, so that a shot it makes invalid blocks its own chain.
	for (const [i, n] of nodes.entries()) {
		if (!n.shot?.lastFrameNext || n.error) continue;
		const next = nodes[i + 1];
		const nextRef = next?.notePath === n.notePath ? next.jobs[0]?.reference : undefined;
		if (!next || next.notePath !== n.notePath) n.error = t("run.chain.noNext", { at: at(n) });
		else if (next.shot?.chain) n.error = t("run.chain.nextChained", { at: at(n), next: at(next) });
		else if (!nextRef || next.shot?.keyframe) n.error = t("run.chain.nextNoImage", { at: at(n), next: at(next) });
		else for (const j of n.jobs) j.lastFrame = nextRef;
	}
	// Cycles, then blocked upstreams, in one walk: each node's state is decided once.
	const state = new Map<Node, "visiting" | "done">();
	const settle = (n: Node): void => {
		if (state.get(n) === "done") return;
		state.set(n, "visiting");
		const up = n.up;
		if (up && !n.error) {
			if (state.get(up) === "visiting") {
				const cycle: Node[] = [n];
				for (let m = up; m !== n && m.up; m = m.up) cycle.push(m);
				n.cycle = true;
				n.error = t("run.chain.cycle", { at: at(n), cycle: [...cycle, n].map((m) => `${m.notePath} ${m.shotId}`).join(" → ") });
			} else {
				settle(up);
				if (up.error || !up.shot) {
					n.cycle = up.cycle;
					n.error = t(up.cycle ? "run.chain.upstreamOnCycle" : "run.chain.upstreamInvalid", { at: at(n), up: at(up) });
				} else n.depth = (up.depth ?? 0) + 1;
			}
		}
		state.set(n, "done");
	};
	for (const n of nodes) settle(n);
	const edges: ChainEdge[] = [];
	for (const n of nodes) {
		if (n.error) {
			for (const j of n.jobs) {
				if (j.status === "invalid") continue;
				j.status = "invalid";
				j.reason = n.error;
				j.cost = null;
			}
			continue;
		}
		const x = n.external;
		if (x) {
			for (const j of n.jobs) {
				j.after = { notePath: x.notePath, shotId: x.shotId, line: x.line };
				j.chainDepth = 1;
			}
			edges.push({
				notePath: n.notePath,
				shotId: n.shotId,
				line: n.line,
				asked: asked.get(n) ?? "previous",
				upstream: { notePath: x.notePath, shotId: x.shotId, line: x.line },
				depth: 1,
				external: { outputFolder: x.outputFolder, duration: x.duration, choice: x.choice },
			});
			continue;
		}
		const up = n.up;
		if (!up) continue;
		const link = { notePath: up.notePath, shotId: up.shotId, line: up.line };
		for (const j of n.jobs) {
			j.after = link;
			j.chainDepth = n.depth ?? 1;
		}
		edges.push({
			notePath: n.notePath,
			shotId: n.shotId,
			line: n.line,
			asked: asked.get(n) ?? "previous",
			upstream: { notePath: up.notePath, shotId: up.shotId, line: up.line },
			depth: n.depth ?? 1,
		});
	}
	return edges;
}
