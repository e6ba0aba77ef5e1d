/**
 * The ready work, grouped by provider key, each group run by its own scheduler
 * with the sink (journal + budget) and delivery stages attached.
 */
import type { StopReason } from "../../ports/events";
import { t } from "../i18n";
import type { Plan } from "../plan";
import { getModelSpec, getProviderInfo } from "../providers/catalog";
import { getAdapter } from "../providers/index";
import type { ModelSpec } from "../providers/types";
import { runEngine, type EngineResult } from "../scheduler/engine";
import type { RunContext } from "./context";
import { toEngineJob } from "./inputs";
import type { WorkItem } from "./options";
import { defaultLinkResolver, type ReferenceContext } from "./references";
import { createSink } from "./sink";

export interface DispatchResult {
	results: EngineResult[];
	stopped: StopReason | null;
	stopMessage: string | null;
	/** The provider whose scheduler stopped the run first. */
	stopProvider?: string;
}

export async function dispatch(ctx: RunContext, plan: Plan, ready: WorkItem[], keyFor: (provider: string) => string | null): Promise<DispatchResult> {
	const { opts } = ctx;
	const { settings, clock } = opts;
	const shots = new Map(plan.shots.map((sh) => [`${sh.source.notePath}::${sh.id}`, sh]));
	const byProvider = new Map<string, WorkItem[]>();
	for (const w of ready) {
		const list = byProvider.get(w.job.provider) ?? [];
		list.push(w);
		byProvider.set(w.job.provider, list);
	}
	const out: DispatchResult = { results: [], stopped: null, stopMessage: null };
	await Promise.all(
		[...byProvider.entries()].map(async ([provider, list]) => {
			const info = getProviderInfo(provider);
			const apiKey = keyFor(provider);
			if (!info || !apiKey) {
				const message = !info ? t("run.unknownProvider", { provider }) : opts.missingKey(provider, info.label);
				const reason = !info ? "unknown-provider" : "missing-key";
				for (const w of list) {
					ctx.outcomes.set(w.job.key, { kind: "failed", message });
					ctx.jobEvent(w.job, "failed", { message, reason });
				}
				return;
			}
			const baseUrl = (settings.providers[provider]?.baseUrl ?? info.defaultBaseUrl).replace(/\/+$/, "");
			const providerCtx = { baseUrl, apiKey, secondKey: opts.secrets.getSecondKey?.(provider) ?? undefined, redact: ctx.redact, now: clock.now() };
			const refCtx: ReferenceContext = {
				vault: opts.vault,
				resolveLink: opts.resolveLink ?? defaultLinkResolver(opts.vault),
				upload: opts.upload,
				providerLabel: info.label,
			};
			const specOf = (model: string): ModelSpec | undefined => plan.models[`${provider}/${model}`] ?? getModelSpec(provider, model);
			const planned = new Map(list.map((w) => [w.job.key, w]));
			const jobs = list.map((w) => toEngineJob(w, provider, specOf(w.job.model), settings));
			const sink = createSink(ctx, { provider, planned, specOf, shotOf: (w) => shots.get(`${w.job.notePath}::${w.job.shotId}`), refCtx });
			for (const j of jobs) if (j.resume) ctx.counters.resumed++;
			const res = await runEngine(jobs, sink, {
				provider,
				adapter: getAdapter(provider),
				ctx: providerCtx,
				http: opts.http,
				clock,
				// A stop names its provider, so that where it is shown can say which key to check.
				// Job events carry the take's price, for the spend so far.
				progress: {
					emit: (e) => ctx.emit(e.type === "stop" ? { ...e, provider } : e.type === "job" ? { ...e, cost: planned.get(e.key)?.job.cost ?? null } : e),
				},
				random: opts.random,
				concurrency: settings.concurrency,
				polling: settings.polling,
				jitter: settings.jitter,
				signal: opts.signal,
				abandonSignal: opts.abandonSignal,
				tuning: opts.engineTuning,
			});
			out.results.push(res);
			for (const [k, o] of res.outcomes) ctx.outcomes.set(k, o);
			if (res.stopped && !out.stopped) {
				out.stopped = res.stopped;
				out.stopMessage = res.stopMessage;
				out.stopProvider = provider;
			}
		}),
	);
	return out;
}
