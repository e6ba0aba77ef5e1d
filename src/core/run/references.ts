/**
 * Turning a shot's reference (a vault image or a URL) into what the provider
 * takes: bytes for providers that accept uploads, a URL for URL-only providers.
 * Type and size are checked before anything is sent.
 */
import { t } from "../i18n";
import type { VaultPort } from "../../ports/vault";
import type { ModelSpec, ReferenceInput } from "../providers/types";
import type { ReferenceSpec } from "../types";

export class ReferenceError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "ReferenceError";
	}
}

export function imageMime(bytes: Uint8Array): "image/png" | "image/jpeg" | "image/webp" | null {
	if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
	if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(0, 4)) === "RIFF" && String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP")
		return "image/webp";
	return null;
}

export interface ReferenceContext {
	vault: VaultPort;
	/** Resolves a link as written in a note (`refs/a.png`, `a.png`) to a vault path. */
	resolveLink(link: string, notePath: string): Promise<string | null>;
	/** Uploads bytes for URL-only providers; absent when no uploader is configured. */
	upload?(bytes: Uint8Array, mime: string, name: string): Promise<string>;
	providerLabel: string;
}

/** Reads and checks a vault image. */
export async function readVaultImage(
	ctx: ReferenceContext,
	link: string,
	notePath: string,
	maxBytes?: number,
): Promise<{ bytes: Uint8Array; mime: string; name: string; path: string }> {
	const path = await ctx.resolveLink(link, notePath);
	if (!path) throw new ReferenceError(t("run.ref.notFound", { path: link }));
	const bytes = await ctx.vault.readBinary(path);
	if (!bytes) throw new ReferenceError(t("run.ref.unreadable", { path }));
	const mime = imageMime(bytes);
	if (!mime) throw new ReferenceError(t("run.ref.notImage", { path }));
	if (maxBytes !== undefined && bytes.length > maxBytes) {
		throw new ReferenceError(
			t("run.ref.tooLarge", {
				path,
				size: (bytes.length / 1024 / 1024).toFixed(1),
				provider: ctx.providerLabel,
				max: (maxBytes / 1024 / 1024).toFixed(0),
			}),
		);
	}
	return { bytes, mime, name: path.split("/").pop() ?? "reference", path };
}

/** What to send for a planned reference, per the model's image mode. */
export async function resolveReference(ctx: ReferenceContext, ref: ReferenceSpec, notePath: string, spec: ModelSpec): Promise<ReferenceInput> {
	if (spec.image === "none") throw new ReferenceError(t("run.ref.noImages"));
	if (ref.kind === "url") {
		if (spec.image === "url" || spec.image === "url-or-bytes") return { kind: "url", url: ref.url };
		throw new ReferenceError(t("run.ref.needsBytes", { provider: ctx.providerLabel }));
	}
	const img = await readVaultImage(ctx, ref.path, notePath, spec.maxImageBytes);
	if (spec.image === "bytes" || spec.image === "url-or-bytes") return { kind: "bytes", bytes: img.bytes, mime: img.mime, name: img.name };
	if (!ctx.upload) {
		throw new ReferenceError(t("run.ref.urlOnly", { provider: ctx.providerLabel }));
	}
	return { kind: "url", url: await ctx.upload(img.bytes, img.mime, img.name) };
}

/** Default link resolution: as a vault path, relative to the note, then by file name. */
export function defaultLinkResolver(vault: VaultPort): (link: string, notePath: string) => Promise<string | null> {
	let all: Promise<string[]> | null = null;
	return async (link, notePath) => {
		const clean = link.replace(/^\/+/, "");
		if (await vault.stat(clean)) return clean;
		const folder = notePath.includes("/") ? notePath.slice(0, notePath.lastIndexOf("/")) : "";
		const rel = folder ? `${folder}/${clean}` : clean;
		if (await vault.stat(rel)) return rel;
		all ??= vault.listFiles("");
		const name = clean.split("/").pop() ?? clean;
		const hits = (await all).filter((p) => p === clean || p.endsWith("/" + clean) || p.split("/").pop() === name);
		return hits.sort((a, b) => a.length - b.length)[0] ?? null;
	};
}
