/**
 * Reads a note's animatic: its cut (chosen takes, through buildCut and
 * cut/chosen.ts) plus every shot the cut left out, as gaps with their prompt and
 * duration. Reads only.
 */
import type { VaultPort } from "../../ports/vault";
import { buildCut } from "../cut/build";
import { parseFile } from "../parse";
import { redactPatterns } from "../redact";
import type { Settings } from "../settings";
import { buildPlaylist, type Playlist, type ShotOutline } from "./playlist";

export interface AnimaticInput {
	vault: VaultPort;
	notePath: string;
	settings: Settings;
}

/** The note's animatic. Throws CutError when the note is missing or has no shots. */
export async function loadAnimatic(input: AnimaticInput): Promise<Playlist> {
	const cut = await buildCut(input);
	const text = (await input.vault.read(input.notePath)) ?? "";
	const note = parseFile(input.notePath, text);
	const shots: ShotOutline[] = note.shots.map((r) => ({
		index: r.index,
		shotId: r.ok ? r.id : (r.id ?? r.label),
		line: r.source.line,
		prompt: redactPatterns(r.ok ? (r.input.prompt ?? "") : ""),
		duration: (r.ok ? r.input.duration : undefined) ?? note.frontmatter.shot.duration ?? input.settings.defaults.duration ?? 0,
	}));
	return buildPlaylist(cut, shots);
}
