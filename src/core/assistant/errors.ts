/** Errors of the script assistant. Messages are redacted before they are built. */

export type DraftErrorKind =
	/** No key configured for the assistant endpoint. */
	| "no-key"
	/** The script or the settings are unusable (missing note, empty script, bad base URL). */
	| "input"
	/** No HTTP response (connection refused, timeout, aborted). */
	| "network"
	/** 401 / 403. */
	| "auth"
	/** 429. */
	| "rate"
	/** Any other non-2xx status. */
	| "http"
	/** A 2xx response that is not a chat completion. */
	| "protocol"
	/** The model refused. */
	| "refused"
	/** The answer stayed invalid after the repair round-trip. */
	| "invalid-answer"
	/** The storyboard note could not be written. */
	| "write";

export class DraftError extends Error {
	readonly kind: DraftErrorKind;
	/** Individual problems (invalid answers). */
	readonly details: string[];
	constructor(kind: DraftErrorKind, message: string, details: string[] = []) {
		super(message);
		this.name = "DraftError";
		this.kind = kind;
		this.details = details;
	}
}
