/**
 * The `gemini` provider: one Gemini API key, two wire formats picked by model
 * family. Veo ids ("veo-…") use predictLongRunning operations (veo.ts); every
 * other model (Gemini Omni) uses the Interactions API (gemini-omni.ts).
 * A create answer is told apart by its body (an operation has a `name`, an
 * interaction an `id`), a poll by the task id (operation names are
 * "models/…/operations/…").
 */
import type { HttpRequest, HttpResponse } from "../../ports/http";
import { adapterFields } from "./base";
import type { ProviderInfo } from "./catalog";
import { isOk } from "./decode";
import { createOmniAdapter, looksLikeInteraction } from "./gemini-omni";
import type { CreateOutcome, PollOutcome, ProviderAdapter, ProviderContext, VideoJobInput } from "./types";
import { createVeoAdapter, isVeoOperation } from "./veo";

/** True for a model of the Veo family (served by predictLongRunning). */
export function isVeoModel(model: string): boolean {
	return /^veo-/i.test(model.trim());
}

export function createGeminiAdapter(info: ProviderInfo): ProviderAdapter {
	const veo = createVeoAdapter(info);
	const omni = createOmniAdapter(info);
	return {
		...adapterFields(info),
		canLookup: false,

		buildCreate(input: VideoJobInput, ctx: ProviderContext): HttpRequest {
			return (isVeoModel(input.model) ? veo : omni).buildCreate(input, ctx);
		},

		parseCreate(res: HttpResponse, ctx: ProviderContext): CreateOutcome {
			// Error bodies are Google's for both families; a 2xx body says which one answered.
			return isOk(res) && !looksLikeInteraction(res) ? veo.parseCreate(res, ctx) : omni.parseCreate(res, ctx);
		},

		buildPoll(taskId: string, ctx: ProviderContext): HttpRequest {
			return (isVeoOperation(taskId) ? veo : omni).buildPoll(taskId, ctx);
		},

		parsePoll(res: HttpResponse, ctx: ProviderContext, taskId: string): PollOutcome {
			return (isVeoOperation(taskId) ? veo : omni).parsePoll(res, ctx, taskId);
		},
	};
}
