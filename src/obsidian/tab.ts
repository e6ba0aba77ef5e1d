/** Opening a CineFlow view in a main-area tab: the open one of its type is reused, else a new tab holds it. */
import type { WorkspaceLeaf } from "obsidian";
import type { CineFlowHost } from "./host";

/** Reveals the tab of view `type` (opening one with `state` when there is none) and returns its leaf. */
export async function revealTab(host: CineFlowHost, type: string, state?: Record<string, unknown>): Promise<WorkspaceLeaf> {
	const ws = host.app.workspace;
	let leaf: WorkspaceLeaf | null = ws.getLeavesOfType(type)[0] ?? null;
	if (!leaf) {
		leaf = ws.getLeaf("tab");
		await leaf.setViewState(state === undefined ? { type, active: true } : { type, active: true, state });
	}
	await ws.revealLeaf(leaf);
	return leaf;
}
