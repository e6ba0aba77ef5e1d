/**
 * What CineFlow understood from a provider's failure and what to do, as a catalog
 * message keyed by the failure's typed class. It is shown next to the provider's own
 * words, which stay verbatim (they are evidence, in whatever language the provider
 * answered): an English user reading a Chinese relay's "余额不足" gets an English
 * explanation beside it, and a Chinese user a Chinese one beside an English text.
 *
 * For a refused key the explanation names where the key lives, which depends on the
 * surface: a setting in the plugin, an environment variable in the CLI.
 */
import type { Message, MessageKey } from "../i18n";
import { getProviderInfo } from "./catalog";
import type { FailureClass } from "./types";

export type HintSurface = "plugin" | "cli";

const EXPLAIN: Record<FailureClass, MessageKey> = {
	auth: "provider.explain.auth",
	quota: "provider.explain.quota",
	retired: "provider.explain.retired",
	policy: "provider.explain.policy",
	capacity: "provider.explain.capacity",
	rate: "provider.explain.rate",
	outage: "provider.explain.outage",
	invalid: "provider.explain.invalid",
};

const CLASSES = new Set<string>(Object.keys(EXPLAIN));

export function isFailureClass(v: unknown): v is FailureClass {
	return typeof v === "string" && CLASSES.has(v);
}

/** The provider's display name (its catalog label), or the id for an unknown one. */
export function providerLabel(providerId: string): string {
	return getProviderInfo(providerId)?.label ?? providerId;
}

/**
 * Where the key a provider refused lives: the plugin's setting, or the CLI's
 * environment variable(s). Null for a provider the catalog does not know (CLI).
 */
export function keyLocation(providerId: string, surface: HintSurface): Message | null {
	const info = getProviderInfo(providerId);
	if (surface === "plugin") return { code: "provider.hint.keySetting", params: { provider: info?.label ?? providerId } };
	if (!info) return null;
	if (info.secondKey) return { code: "provider.hint.keyEnvPair", params: { provider: info.label, env: info.keyEnv, secondEnv: info.secondKey.env } };
	return { code: "provider.hint.keyEnv", params: { provider: info.label, env: info.keyEnv } };
}

/**
 * The explanation for a failure of class `cls` from `providerId`, for a surface:
 * a refused key names where the key lives (or, for a provider the catalog does not
 * know, says only that the key was refused), every other class says what CineFlow
 * does about it and what the user can do.
 */
export function explainFailure(cls: FailureClass, providerId: string, surface: HintSurface): Message {
	const said: Message = { code: EXPLAIN[cls], params: { provider: providerLabel(providerId) } };
	return cls === "auth" ? (keyLocation(providerId, surface) ?? said) : said;
}

/** A run's stop, as the surfaces receive it (StopEvent's typed fields). */
export interface StopFacts {
	reason: string;
	provider?: string;
	cause?: string;
}

/**
 * The explanation under a stop a provider caused (a refused key, no balance left, a
 * model that is gone). Null for stops no provider caused (budget, cancel) and for a
 * missing key, whose own message already says where to set it.
 */
export function explainStop(stop: StopFacts, surface: HintSurface): Message | null {
	if (!stop.provider || stop.cause === "missing-key" || !isFailureClass(stop.reason)) return null;
	return explainFailure(stop.reason, stop.provider, surface);
}

/** A job's failure, as the surfaces receive it (JobEvent's typed fields). */
export interface JobFailureFacts {
	failure?: string;
	provider?: string;
}

/**
 * The explanation under one job that failed on the provider's answer: what CineFlow
 * understood and what to do. Only for classes that end one job and not the run
 * (policy, invalid); a refused key, an empty balance or a retired model stop the
 * run, and the stop carries the explanation once (see `explainStop`).
 */
export function explainJob(job: JobFailureFacts, surface: HintSurface): Message | null {
	if (!job.provider || (job.failure !== "policy" && job.failure !== "invalid")) return null;
	return explainFailure(job.failure, job.provider, surface);
}
