/**
 * What every adapter shares about its catalog entry and its base URL: the catalog
 * fields it re-exports, URL joining, origin checks and the usual auth headers.
 */
import type { HttpRequest } from "../../ports/http";
import { getProviderInfo, type ProviderInfo } from "./catalog";
import type { AdapterBase, ProviderContext, VideoJobInput } from "./types";
import { t } from "../i18n";

export type { AdapterBase };

/** Just the catalog facts an adapter re-exports, picked out of a catalog entry or a base. */
export function adapterFields(from: AdapterBase): AdapterBase {
	return { id: from.id, label: from.label, defaultBaseUrl: from.defaultBaseUrl, keyEnv: from.keyEnv, models: from.models, defaultModel: from.defaultModel };
}

/** The catalog facts an adapter re-exports (id, label, base URL, key variable, models). */
export function catalogBase(id: string): AdapterBase & { info: ProviderInfo } {
	const info = getProviderInfo(id);
	if (!info) throw new Error(t("provider.unknown", { id }));
	return { ...adapterFields(info), info };
}

/**
 * For providers whose frame and reference modes exclude each other: refuses a first or
 * last frame together with reference images (`mixed` is the provider's own wording of
 * that refusal), and a last frame without a first.
 */
export function exclusiveFrameModes(input: VideoJobInput, product: string, mixed: string): void {
	if ((input.references?.length ?? 0) > 0 && (input.reference || input.lastFrame)) throw new Error(mixed);
	if (input.lastFrame && !input.reference) throw new Error(t("provider.build.lastFrameAlone", { product }));
}

/** Base URL without trailing slashes. */
export function baseOf(ctx: ProviderContext): string {
	return ctx.baseUrl.replace(/\/+$/, "");
}

/** A task id as one path segment (AIHubMix ids contain "/", "+" and "="). */
export function pathId(id: string): string {
	return encodeURIComponent(id);
}

export function originOf(url: string): string | undefined {
	try {
		return new URL(url).origin;
	} catch {
		return undefined;
	}
}

/** True when `url` is on the same origin as the provider's base URL (safe to send the key). */
export function sameOrigin(url: string, ctx: ProviderContext): boolean {
	const a = originOf(url);
	return a !== undefined && a === originOf(baseOf(ctx));
}

/** JSON text of an object, leaving out undefined fields (JSON.stringify already does). */
export function jsonBody(value: Record<string, unknown>): string {
	return JSON.stringify(value);
}

export function bearer(ctx: ProviderContext): Record<string, string> {
	return { Authorization: `Bearer ${ctx.apiKey}` };
}

/** A GET asking for JSON, with the provider's auth headers. */
export function getJson(url: string, auth: Record<string, string>): HttpRequest {
	return { method: "GET", url, headers: { ...auth, Accept: "application/json" } };
}

/** A POST of a JSON body asking for JSON back, with the provider's auth headers (and any `extra` ones). */
export function postJson(url: string, auth: Record<string, string>, body: Record<string, unknown>, extra: Record<string, string> = {}): HttpRequest {
	return { method: "POST", url, headers: { ...auth, "Content-Type": "application/json", ...extra, Accept: "application/json" }, body: jsonBody(body) };
}
