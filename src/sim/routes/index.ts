/** Every simulated provider; the newapi prefix serves both its route families. */
import type { ProviderSim } from "../types";
import { grokSim } from "./grok";
import { generationsSim } from "./newapi";
import { openAiShapedSim } from "./openai";
import { sorahkSim } from "./sorahk";
import { veoSim } from "./veo";
import { wanSim } from "./wan";

export const PROVIDER_SIMS: ProviderSim[] = [
	sorahkSim,
	openAiShapedSim("openai"),
	openAiShapedSim("newapi"),
	generationsSim("newapi"),
	generationsSim("t8star"),
	openAiShapedSim("aihubmix"),
	veoSim,
	wanSim,
	grokSim,
];
