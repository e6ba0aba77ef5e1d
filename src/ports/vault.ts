/**
 * The file store the core writes to. Paths are vault-relative, '/'-separated and
 * already normalized. The Obsidian adapter goes through Vault / DataAdapter, the
 * CLI adapter through node:fs under a root folder.
 */
export interface FileStat {
	size: number;
	mtime: number;
}

export interface VaultPort {
	/** Text of a file, or null when it does not exist. */
	read(path: string): Promise<string | null>;
	readBinary(path: string): Promise<Uint8Array | null>;
	stat(path: string): Promise<FileStat | null>;
	/** Every file under `folder` (recursively), vault-relative. "" is the vault root. */
	listFiles(folder: string): Promise<string[]>;
	/** Creates the folder and its parents. "Already exists" is success; safe under races. */
	ensureFolder(path: string): Promise<void>;
	/** Writes (creating or replacing) a binary file. Used for `.tmp` files. */
	writeBinary(path: string, data: Uint8Array): Promise<void>;
	/** Writes (creating or replacing) a text file. Used for `.tmp` files of small JSON. */
	writeText(path: string, text: string): Promise<void>;
	/** Appends text to a file, creating it if needed (run logs). */
	append(path: string, text: string): Promise<void>;
	/** Moves `from` onto `to`, replacing `to` if it exists, as atomically as the platform allows. */
	rename(from: string, to: string): Promise<void>;
	/** Deletes a file; a missing file is not an error. */
	remove(path: string): Promise<void>;
	/**
	 * Atomic read-modify-write of a text file. `fn` is synchronous and may be called
	 * again if the file changed underneath (CLI: content check and retry).
	 * Returns the text written.
	 */
	process(path: string, fn: (text: string) => string): Promise<string>;
	/** Free bytes on the volume holding `path`, or null when the platform cannot tell. */
	freeSpace?(path: string): Promise<number | null>;
	/**
	 * Where `path` really leads when, once symbolic links are resolved, that is
	 * outside the vault (a symlinked `_assets` folder); null when it stays inside.
	 * Adapters that write outside nothing by construction leave it out.
	 */
	outsideVault?(path: string): Promise<string | null>;
	/** Removes a folder only if it is empty (anything in it stays; never an error). */
	removeFolder?(path: string): Promise<void>;
}
