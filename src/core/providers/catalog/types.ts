/** A catalog entry: one provider as CineFlow knows it. */
import type { ModelSpec } from "../types";

export interface ProviderInfo {
	id: string;
	label: string;
	defaultBaseUrl: string;
	/** Environment variable the CLI reads for this provider's key. */
	keyEnv: string;
	/**
	 * A second secret the provider's auth needs (Kling: the secret key that signs a JWT
	 * whose issuer is the key in `keyEnv`): its environment variable and its label.
	 */
	secondKey?: { env: string; label: string };
	defaultModel: string;
	models: ModelSpec[];
	/**
	 * Which adapter implements the wire format: a key of the adapter registry
	 * (`providers/index.ts`). Several catalog entries may share one adapter.
	 */
	adapter: string;
	/** For NewAPI-style relays: which route family to use. */
	flavor?: "videos" | "generations" | "t8star";
	/** True when the provider's models are mostly declared by the user (aggregators, relays). */
	openModels?: boolean;
}
