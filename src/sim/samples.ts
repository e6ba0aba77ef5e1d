/**
 * One valid job per simulated adapter (default model, default duration, first
 * horizontal size), plus the adapter and base path to reach it on the simulator.
 * The provider tests, the offline demo and the benchmark share these.
 */
import { getProviderInfo } from "../core/providers/catalog";
import { getAdapter } from "../core/providers/index";
import { createNewApiAdapter } from "../core/providers/newapi";
import type { ProviderAdapter, VideoJobInput } from "../core/providers/types";
import { SIM_PROVIDERS } from "./types";

export interface SimCase {
	/** Name for test titles: the provider id, or "newapi-generations". */
	name: string;
	/** Simulator provider whose base URL the adapter talks to. */
	provider: string;
	adapter: ProviderAdapter;
	input: VideoJobInput;
	/** The second secret, for providers whose auth takes two (Kling's secret key signs a JWT). */
	secondKey?: string;
}

/** The second secret the sample cases sign with; give it to the simulator as `secondKey`. */
export const SIM_SECOND_KEY = "sim-second-secret-0123456789abcdef";

export function sampleInput(providerId: string, prompt = "A lighthouse at dusk, slow dolly in"): VideoJobInput {
	const info = getProviderInfo(providerId);
	if (!info) throw new Error(`unknown provider ${providerId}`);
	const spec = info.models.find((m) => m.id === info.defaultModel) ?? info.models[0];
	if (!spec) throw new Error(`provider ${providerId} has no models`);
	return {
		model: spec.id,
		prompt,
		duration: spec.defaultDuration,
		orientation: "horizontal",
		size: spec.sizes.horizontal[0] ?? "1280x720",
		resolution: spec.caps.resolutions[0] ?? "720p",
		aspect: "16:9",
		pro: false,
	};
}

export function simCases(): SimCase[] {
	const ids = SIM_PROVIDERS;
	const cases: SimCase[] = ids.map((id) => ({
		name: id,
		provider: id,
		adapter: getAdapter(id),
		input: sampleInput(id),
		...(getProviderInfo(id)?.secondKey ? { secondKey: SIM_SECOND_KEY } : {}),
	}));
	const newapi = getProviderInfo("newapi");
	if (newapi) {
		cases.splice(3, 0, {
			name: "newapi-generations",
			provider: "newapi",
			adapter: createNewApiAdapter(newapi, "generations"),
			input: sampleInput("newapi"),
		});
	}
	// Gemini Omni at 1080p asks for URI delivery (a keyed Files API download); the "gemini" case is inline base64.
	cases.push({
		name: "gemini-uri",
		provider: "gemini",
		adapter: getAdapter("gemini"),
		input: { ...sampleInput("gemini"), resolution: "1080p", size: "1920x1080" },
	});
	return cases;
}
