/**
 * A run's own fields (the CLI's --provider, --model, --takes; the run dialog's
 * orientation, size, duration, pro, provider, model, takes) and where they stand:
 *
 *   the shot's own field  >  the note's `cineflow:` front matter  >  the run's fields  >  the settings
 *
 * A run's fields are defaults for what a shot and its note leave unset, so a
 * storyboard that says what it wants keeps it whatever the run was started with.
 * Marked as overrides (`--override`, the dialog's override switch) they win over
 * every shot and note instead. The CLI and the plugin both go through here.
 *
 * Fields that only make sense together move together: provider with model (a model
 * belongs to a provider), orientation with size (and the note's aspect). A note or
 * shot that sets one of a pair keeps its own pair.
 */
import type { ParsedNote } from "../parse/model";
import type { ShotInput } from "../types";
import type { ShotOverrides } from "./options";

type Field = keyof ShotOverrides;
const GROUPS: Field[][] = [["provider", "model"], ["orientation", "size"], ["duration"], ["pro"], ["takes"]];
/** Fields of a note or shot that also decide a group (the aspect decides orientation and size). */
const DECIDES: Partial<Record<Field, (keyof ShotInput)[]>> = { orientation: ["aspect"], size: ["aspect"] };

function sets(input: ShotInput, group: Field[]): boolean {
	return group.some((f) => input[f] !== undefined || (DECIDES[f] ?? []).some((k) => input[k] !== undefined));
}

export function applyRunFields(notes: ParsedNote[], fields: ShotOverrides | undefined, override: boolean): void {
	if (!fields) return;
	const given = Object.entries(fields).filter(([, v]) => v !== undefined) as [Field, unknown][];
	if (!given.length) return;
	if (override) return overrideAll(notes, fields, given);
	for (const note of notes) {
		const noteShot = note.frontmatter.shot;
		for (const group of GROUPS) {
			const mine = given.filter(([k]) => group.includes(k));
			if (!mine.length || sets(noteShot, group)) continue;
			for (const s of note.shots) {
				if (!s.ok || sets(s.input, group)) continue;
				for (const [k, v] of mine) (s.input as Record<string, unknown>)[k] = v;
			}
		}
	}
}

function overrideAll(notes: ParsedNote[], o: ShotOverrides, given: [Field, unknown][]): void {
	for (const n of notes) {
		for (const s of n.shots) {
			if (!s.ok) continue;
			for (const [k, v] of given) (s.input as Record<string, unknown>)[k] = v;
			if (o.provider && !o.model) delete s.input.model;
			if (o.size) delete s.input.orientation;
			if (o.orientation && !o.size) delete s.input.size;
			if (o.size || o.orientation) delete s.input.aspect;
		}
	}
}
