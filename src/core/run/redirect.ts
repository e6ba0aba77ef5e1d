/**
 * A VaultPort that sees some paths under another name: every path under a moved
 * prefix (a note, or a whole folder) is read and written at its new place.
 *
 * Used by a run whose note was renamed while it ran (the plugin hands the rename
 * to the running run, so its embeds land in the renamed note) and by a dry run
 * that prices a renamed note's adopted output folder without moving anything.
 */
import type { VaultPort } from "../../ports/vault";

export class PathRedirects {
	/** In the order they were added: a later move applies to the result of an earlier one. */
	private readonly moves: Array<{ from: string; to: string }> = [];

	add(from: string, to: string): void {
		if (from !== to) this.moves.push({ from, to });
	}

	get size(): number {
		return this.moves.length;
	}

	/** Where `path` is now. */
	resolve(path: string): string {
		let p = path;
		for (const m of this.moves) {
			if (p === m.from) p = m.to;
			else if (p.startsWith(m.from + "/")) p = m.to + p.slice(m.from.length);
		}
		return p;
	}

	/** The name a run knows a path by (inverse of resolve, for listings). */
	unresolve(path: string): string {
		let p = path;
		for (const m of [...this.moves].reverse()) {
			if (p === m.to) p = m.from;
			else if (p.startsWith(m.to + "/")) p = m.from + p.slice(m.to.length);
		}
		return p;
	}
}

/** Every method of `vault`, optional ones included, with each path argument redirected. */
export function redirectedVault(vault: VaultPort, r: PathRedirects): VaultPort {
	const at = (p: string) => r.resolve(p);
	const port: VaultPort = {
		read: (p) => vault.read(at(p)),
		readBinary: (p) => vault.readBinary(at(p)),
		stat: (p) => vault.stat(at(p)),
		listFiles: async (folder) => (await vault.listFiles(at(folder))).map((f) => r.unresolve(f)),
		ensureFolder: (p) => vault.ensureFolder(at(p)),
		writeBinary: (p, d) => vault.writeBinary(at(p), d),
		writeText: (p, t) => vault.writeText(at(p), t),
		append: (p, t) => vault.append(at(p), t),
		rename: (from, to) => vault.rename(at(from), at(to)),
		remove: (p) => vault.remove(at(p)),
		process: (p, fn) => vault.process(at(p), fn),
	};
	if (vault.freeSpace) {
		const free = vault.freeSpace.bind(vault);
		port.freeSpace = (p) => free(at(p));
	}
	if (vault.removeFolder) {
		const rm = vault.removeFolder.bind(vault);
		port.removeFolder = (p) => rm(at(p));
	}
	if (vault.outsideVault) {
		const outside = vault.outsideVault.bind(vault);
		port.outsideVault = (p) => outside(at(p));
	}
	return port;
}
