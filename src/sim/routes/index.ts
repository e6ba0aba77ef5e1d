/** Every simulated provider; the newapi prefix serves both its route families. */
import type { ProviderSim } from "../types";
import { geminiVideoSim } from "./gemini-video";
import { falSim } from "./fal";
import { grokSim } from "./grok";
import { klingSim } from "./kling";
import { lumaSim } from "./luma";
import { minimaxSim } from "./minimax";
import { generationsSim } from "./newapi";
import { openAiShapedSim } from "./openai";
import { replicateSim } from "./replicate";
import { runwaySim } from "./runway";
import { dashscopeSim } from "./dashscope";
import { seedanceSim } from "./seedance";
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
	geminiVideoSim,
	wanSim,
	grokSim,
	klingSim,
	replicateSim,
	runwaySim,
	lumaSim,
	minimaxSim,
	seedanceSim,
	dashscopeSim,
	falSim,
];
