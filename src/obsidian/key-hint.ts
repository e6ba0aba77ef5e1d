/**
 * The hint under a notice for a stop a provider caused (its own text may be in any
 * language): for a refused key, which setting holds it; for no balance left or a
 * model that is gone, what CineFlow understood and what to do. Composed here, where
 * the notice is shown, from the stop's typed reason and provider, in the interface's
 * language; a missing key's message already says where to set it.
 */
import { explainStop, render } from "../core";
import type { StopEvent } from "../ports/events";

type StopFacts = Pick<StopEvent, "reason" | "provider" | "cause">;

/** For a refused key only: "Check Settings → CineFlow → Kling AI key." */
export function keySettingHint(stop: StopFacts): string | null {
	if (stop.reason !== "auth") return null;
	const m = explainStop(stop, "plugin");
	return m ? render(m) : null;
}

/** For any stop a provider caused: the refused key's setting, or the explanation of a quota or retired stop. */
export function stopHint(stop: StopFacts): string | null {
	const m = explainStop(stop, "plugin");
	return m ? render(m) : null;
}
