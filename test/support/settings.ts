/** Settings builders for tests. */
import { DEFAULT_SETTINGS, type Settings } from "../../src/core/settings";

/**
 * The settings most tests start from: the defaults with the seed tool's provider
 * chosen. (A fresh install has no provider until the user picks one.)
 */
export const TEST_SETTINGS: Settings = Object.freeze({ ...structuredClone(DEFAULT_SETTINGS), provider: "sorahk" }) as Settings;

/** TEST_SETTINGS with some fields replaced (a deep copy; safe to mutate). */
export function testSettings(patch: Partial<Settings> = {}): Settings {
	return { ...structuredClone(TEST_SETTINGS), ...patch };
}
