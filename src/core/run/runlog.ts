/**
 * The run log: the same redacted events as `--json`, appended as NDJSON next to
 * each note's journal (`<output folder>/.cineflow-run.ndjson`). Job events go to
 * their note's log; run-wide events go to every log of the run.
 */
import type { VaultPort } from "../../ports/vault";
import type { RunEvent } from "../events";
import { redactDeep, type Redactor } from "../redact";

export const RUN_LOG_NAME = ".cineflow-run.ndjson";

export class RunLog {
	private buffers = new Map<string, string[]>();
	private chain: Promise<void> = Promise.resolve();

	constructor(
		private readonly vault: VaultPort,
		/** note path → output folder */
		private readonly folders: ReadonlyMap<string, string>,
		private readonly redact: Redactor,
	) {}

	add(event: RunEvent, runId: string): void {
		const line = JSON.stringify({ run: runId, ...redactDeep(event, this.redact) });
		const notePath = "notePath" in event ? event.notePath : undefined;
		const targets = notePath ? [this.folders.get(notePath)] : [...new Set(this.folders.values())];
		for (const folder of targets) {
			if (!folder) continue;
			const buf = this.buffers.get(folder) ?? [];
			buf.push(line);
			this.buffers.set(folder, buf);
		}
	}

	/** Appends what was buffered. Serialized; failures to log never fail the run. */
	flush(): Promise<void> {
		const work = [...this.buffers.entries()];
		this.buffers.clear();
		const run = async () => {
			for (const [folder, lines] of work) {
				if (!lines.length) continue;
				try {
					await this.vault.ensureFolder(folder);
					await this.vault.append(`${folder}/${RUN_LOG_NAME}`, lines.join("\n") + "\n");
				} catch {
					// The log is for traceability; the journal is what protects the user.
				}
			}
		};
		this.chain = this.chain.then(run, run);
		return this.chain;
	}
}
