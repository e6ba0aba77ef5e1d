/**
 * The explicit clean-up step: temp files left in the output folders by a run that
 * was interrupted between writing and renaming. They are never finished videos or
 * journals (those are renamed into place only once complete), so removing them
 * loses nothing. The runner calls this only for runs that write (not a dry run).
 */
import type { VaultPort } from "../../ports/vault";

/** Removes the given `.tmp` files; returns the ones actually removed. */
export async function removeInterruptedTemps(vault: VaultPort, tmpFiles: readonly string[]): Promise<string[]> {
	const removed: string[] = [];
	for (const f of tmpFiles) {
		if (!f.endsWith(".tmp")) continue;
		try {
			await vault.remove(f);
			removed.push(f);
		} catch {
			// Still there next run; it is never mistaken for a video.
		}
	}
	return removed;
}
