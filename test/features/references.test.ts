/**
 * Vault images as references, end to end: the CLI against the simulator over
 * loopback, a temp vault. Providers that take bytes (Gemini Omni, an OpenAI Videos
 * relay) get the bytes; URL-only providers (Sora.hk) get a URL from the configured uploader (HTTP PUT/POST or
 * S3 presigned PUT). Failure paths: missing image, wrong type, too large, no
 * uploader, uploader 500, bad S3 credentials.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseMultipart } from "../../src/sim/multipart";
import { SIM_S3_CREDENTIALS, simBaseUrl } from "../../src/sim/index";
import { creates, generate, KEY, shot, startSim, tempVault, type Harness } from "../e2e/helpers";
import { bodyBytes, createCalls, png, run, writeBytes } from "./support";

let h: Harness | null = null;
afterEach(async () => {
	await h?.close();
	h = null;
});

const note = (extra: string, provider = "sorahk") => `---\ncineflow:\n  provider: ${provider}\n---\n# Ep\n\n` + shot("s01", "The alley at night", extra);

/**
 * The vault's plugin settings with `sora-2` declared on the `openai` provider. OpenAI's
 * own Videos API is shut down (its catalog entry is retired), but the adapter is kept for
 * relays that serve the same API; a declared model with the catalog's provider and id
 * replaces the retired entry, which is how such a relay's model is used.
 */
const OPENAI_RELAY_SETTINGS = JSON.stringify({
	version: 2,
	provider: "sorahk",
	models: [{ provider: "openai", id: "sora-2", durations: [4, 8, 12], first_frame: true, image: "url-or-bytes" }],
});

function createBody(calls: ReturnType<typeof createCalls>): Record<string, unknown> {
	expect(calls).toHaveLength(1);
	return JSON.parse(new TextDecoder().decode(bodyBytes(calls[0]!.req))) as Record<string, unknown>;
}

describe("vault image → URL-only provider (Sora.hk) through an uploader", () => {
	it("generic HTTP PUT: the bytes are uploaded once and the provider gets the returned URL", async () => {
		h = await startSim();
		const image = await png(8, 6, [200, 30, 30]);
		const vault = await tempVault({ "Scenes/Ep.md": note('image: "[[refs/alley.png]]"\n') });
		await writeBytes(vault, "Scenes/refs/alley.png", image);
		const r = await run(h, vault, "Scenes/Ep.md", ["--upload-url", `${simBaseUrl(h.origin, "upload")}/put/{name}`]);
		expect(r.failures).toEqual([]);
		expect(r.code).toBe(0);
		const url = createBody(createCalls(r.http, "sorahk")).image_url as string;
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/upload\/files\/[0-9a-f]+\/[0-9a-f]{16}-alley\.png$/);
		const stored = h.sim.uploads().get(new URL(url).pathname);
		expect(stored?.bytes).toEqual(image);
		expect(stored?.mime).toBe("image/png");
		// The URL really serves the image.
		const res = await fetch(url);
		expect(new Uint8Array(await res.arrayBuffer())).toEqual(image);
	});

	it("generic HTTP POST (multipart) with a bearer token, URL read from a nested JSON field", async () => {
		h = await startSim({ uploadToken: "up-token-123456" });
		const image = await png(4, 4, [0, 0, 255]);
		const vault = await tempVault({ "Ep.md": note("image: refs/blue.png\n") });
		await writeBytes(vault, "refs/blue.png", image);
		const base = simBaseUrl(h.origin, "upload");
		const r = await run(
			h,
			vault,
			"Ep.md",
			["--uploader", "http", "--upload-url", `${base}/form`, "--upload-method", "POST", "--upload-field", "data.url"],
			{
				env: { CINEFLOW_API_KEY: KEY, CINEFLOW_UPLOAD_TOKEN: "up-token-123456" },
			},
		);
		expect(r.failures).toEqual([]);
		const url = createBody(createCalls(r.http, "sorahk")).image_url as string;
		expect(h.sim.uploads().get(new URL(url).pathname)?.bytes).toEqual(image);
		expect(h.sim.uploads().get(new URL(url).pathname)?.via).toBe("form");
		expect(r.out.includes("up-token-123456")).toBe(false);
	});

	it("S3-compatible presigned PUT: the object lands in the bucket and the provider gets a presigned GET URL", async () => {
		h = await startSim();
		const image = await png(5, 5, [10, 250, 10]);
		const vault = await tempVault({ "Ep.md": note('image: "![[green.png]]"\n') });
		await writeBytes(vault, "art/green.png", image);
		const r = await run(h, vault, "Ep.md", ["--s3-endpoint", `${h.origin}/s3`, "--s3-bucket", "refs", "--s3-region", "auto"], {
			env: {
				CINEFLOW_API_KEY: KEY,
				CINEFLOW_S3_ACCESS_KEY_ID: SIM_S3_CREDENTIALS.accessKeyId,
				CINEFLOW_S3_SECRET_ACCESS_KEY: SIM_S3_CREDENTIALS.secretAccessKey,
			},
		});
		expect(r.failures).toEqual([]);
		const put = r.http.find((c) => c.req.method === "PUT");
		expect(put?.req.url).toMatch(
			/\/s3\/refs\/cineflow\/[0-9a-f]{16}-green\.png\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=SIMACCESSKEY0000%2F\d{8}%2Fauto%2Fs3%2Faws4_request&/,
		);
		expect(put?.res?.status).toBe(200);
		const url = createBody(createCalls(r.http, "sorahk")).image_url as string;
		expect(url).toContain("X-Amz-Signature=");
		expect(h.sim.uploads().get(new URL(url).pathname)?.bytes).toEqual(image);
		const res = await fetch(url);
		expect(res.status).toBe(200);
		expect(new Uint8Array(await res.arrayBuffer())).toEqual(image);
		// Without the signature the bucket refuses.
		expect((await fetch(url.split("?")[0]!)).status).toBe(403);
		// The secret never shows up in output.
		expect(r.out.includes(SIM_S3_CREDENTIALS.secretAccessKey)).toBe(false);
	});

	it("S3 with a wrong secret: the shot fails with the bucket's SignatureDoesNotMatch, nothing is submitted", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": note("image: a.png\n") });
		await writeBytes(vault, "a.png", await png(2, 2, [1, 2, 3]));
		const r = await run(h, vault, "Ep.md", ["--s3-endpoint", `${h.origin}/s3`, "--s3-bucket", "refs"], {
			env: { CINEFLOW_API_KEY: KEY, CINEFLOW_S3_ACCESS_KEY_ID: SIM_S3_CREDENTIALS.accessKeyId, CINEFLOW_S3_SECRET_ACCESS_KEY: "not-the-secret-at-all" },
		});
		expect(r.code).toBe(1);
		expect(r.failures).toHaveLength(1);
		expect(r.failures[0]).toMatch(/^Ep\.md:\d+ shot s01: the uploader \(S3 bucket refs at 127\.0\.0\.1:\d+\) answered HTTP 403: .*SignatureDoesNotMatch/);
		expect(r.failures[0]).not.toContain("not-the-secret-at-all");
		expect(creates(h)).toBe(0);
	});

	it("no uploader configured: the error says exactly that, naming note, line and shot; nothing is submitted", async () => {
		h = await startSim();
		const vault = await tempVault({ "Scenes/Ep.md": note('image: "[[alley.png]]"\n') });
		await writeBytes(vault, "Scenes/alley.png", await png(2, 2, [9, 9, 9]));
		const r = await run(h, vault, "Scenes/Ep.md");
		expect(r.code).toBe(1);
		expect(r.failures).toEqual([
			"Scenes/Ep.md:7 shot s01: Sora.hk takes reference images only as URLs, and no uploader is configured: set one up in settings (S3-compatible presigned PUT or an HTTP upload endpoint; CLI: --uploader), or use an http(s) image URL",
		]);
		expect(creates(h)).toBe(0);
		// Once an uploader is configured, the same shot goes through (it was never journaled as failed).
		const r2 = await run(h, vault, "Scenes/Ep.md", ["--upload-url", `${simBaseUrl(h.origin, "upload")}/put/{name}`]);
		expect(r2.failures).toEqual([]);
		expect(r2.code).toBe(0);
		expect(creates(h)).toBe(1);
	});

	it("bible images alone (no image:/references:) are skipped with a warning when they cannot be uploaded", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Ep.md": '---\ncineflow:\n  characters:\n    Alice: {id: "@alice", image: alice.png}\n---\n' + shot("s01", "[Alice] waves"),
		});
		await writeBytes(vault, "alice.png", await png(2, 2, [9, 9, 9]));
		const r = await run(h, vault, "Ep.md", [], { env: { CINEFLOW_API_KEY: KEY } });
		expect(r.failures).toEqual([]);
		expect(r.code).toBe(0);
		expect(createBody(createCalls(r.http, "sorahk")).image_url).toBeUndefined();
		const warning = "Ep.md:6 shot s01: the characters' reference images are not sent: Sora.hk takes images only as URLs and no uploader is configured";
		expect(r.warnings).toContain(warning);
		// In text mode it is a warning line too.
		const plain = await generate(h, vault, "Ep.md", ["--takes", "2"]);
		expect(plain.out + plain.err).toContain(`warning: ${warning}`);
	});

	it("uploader answers 500: the shot fails with the uploader's status, nothing is submitted", async () => {
		h = await startSim({ uploadStatus: 500 });
		const vault = await tempVault({ "Ep.md": note("image: a.png\n") });
		await writeBytes(vault, "a.png", await png(2, 2, [1, 2, 3]));
		const r = await run(h, vault, "Ep.md", ["--upload-url", `${simBaseUrl(h.origin, "upload")}/put/{name}`]);
		expect(r.code).toBe(1);
		expect(r.failures[0]).toMatch(/^Ep\.md:7 shot s01: the uploader at 127\.0\.0\.1:\d+ answered HTTP 500: \{"error":"upload failed \(simulated\)"\}$/);
		expect(creates(h)).toBe(0);
	});

	it("an incomplete uploader setting is a usage error before anything runs", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": note("image: a.png\n") });
		await expect(run(h, vault, "Ep.md", ["--uploader", "s3", "--s3-bucket", "x"])).rejects.toThrow(
			/the S3 uploader needs an http\(s\) endpoint, an access key id, a secret access key/,
		);
		expect(h.sim.log).toHaveLength(0);
	});
});

describe("checks before upload", () => {
	it("a missing image fails the shot, naming note, line and shot", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": note('image: "[[refs/missing.png]]"\n', "gemini") });
		const r = await run(h, vault, "Ep.md");
		expect(r.failures).toEqual(["Ep.md:7 shot s01: reference image refs/missing.png was not found in the vault"]);
		expect(creates(h)).toBe(0);
	});

	it("a file that is not PNG, JPEG or WebP is refused by its signature, whatever its name", async () => {
		h = await startSim();
		const vault = await tempVault({ "Ep.md": note("image: fake.png\n", "gemini"), "fake.png": "GIF89a this is not a png" });
		const r = await run(h, vault, "Ep.md");
		expect(r.failures).toEqual(["Ep.md:7 shot s01: reference image fake.png is not a PNG, JPEG or WebP image"]);
		expect(creates(h)).toBe(0);
	});

	it("an image over the provider's limit is refused before any upload", async () => {
		h = await startSim();
		const big = new Uint8Array(10 * 1024 * 1024 + 1);
		big.set(await png(1, 1, [0, 0, 0]));
		const vault = await tempVault({ "Ep.md": note("image: big.png\n") });
		await writeBytes(vault, "big.png", big);
		const r = await run(h, vault, "Ep.md", ["--upload-url", `${simBaseUrl(h.origin, "upload")}/put/{name}`]);
		expect(r.failures).toEqual(["Ep.md:7 shot s01: reference image big.png is 10.0 MB; Sora.hk takes at most 10.0 MB"]);
		expect(h.sim.uploads().size).toBe(0);
		expect(creates(h)).toBe(0);
	});
});

describe("vault image → upload-capable provider", () => {
	it("OpenAI gets the bytes as the multipart input_reference, unchanged", async () => {
		h = await startSim();
		const image = await png(6, 4, [1, 100, 200]);
		const vault = await tempVault({ "Ep.md": note("image: ./refs/a.png\n", "openai"), ".obsidian/plugins/cineflow/data.json": OPENAI_RELAY_SETTINGS });
		await writeBytes(vault, "refs/a.png", image);
		const r = await run(h, vault, "Ep.md");
		expect(r.failures).toEqual([]);
		const [call] = createCalls(r.http, "openai");
		const parts = parseMultipart(call!.req.headers?.["Content-Type"] ?? "", bodyBytes(call!.req));
		const ref = parts?.find((p) => p.name === "input_reference");
		expect(ref?.contentType).toBe("image/png");
		expect(ref?.data).toEqual(image);
	});

	it("Gemini Omni gets the bytes inline (first frame of image_to_video), JPEG kept as JPEG", async () => {
		h = await startSim();
		const jpeg = new Uint8Array(readFileSync(new URL("../fixtures/images/grad444.jpg", import.meta.url)));
		const vault = await tempVault({ "Ep.md": note("image: frame.jpg\n", "gemini") });
		await writeBytes(vault, "frame.jpg", jpeg);
		const r = await run(h, vault, "Ep.md");
		expect(r.failures).toEqual([]);
		expect(r.code).toBe(0);
		const body = createBody(createCalls(r.http, "gemini")) as { input: Array<Record<string, string>>; generation_config: unknown };
		expect(body.input[0]).toEqual({ type: "image", data: Buffer.from(jpeg).toString("base64"), mime_type: "image/jpeg" });
		expect(body.input[1]).toEqual({ type: "text", text: "The alley at night" });
		expect(body.generation_config).toEqual({ video_config: { task: "image_to_video" } });
	});
});

describe("dry run checks references without sending anything", () => {
	it("lists missing images, wrong types, missing uploaders and keys, naming note, line and shot (exit 2)", async () => {
		h = await startSim();
		const vault = await tempVault({
			"Ep.md":
				"---\ncineflow:\n  provider: sorahk\n---\n" +
				shot("s01", "a", "image: gone.png\n") +
				shot("s02", "b", "image: fake.png\n") +
				shot("s03", "c", "image: ok.png\n") +
				shot("s04", "d", "keyframe: true\n") +
				shot("s05", "e", "image: https://example.com/x.png\n"),
			"fake.png": "not an image",
		});
		await writeBytes(vault, "ok.png", await png(2, 2, [1, 1, 1]));
		const r = await generate(h, vault, "Ep.md", ["--dry-run"], { env: { CINEFLOW_API_KEY: KEY } });
		expect(r.code).toBe(2);
		expect(r.out).toContain(
			[
				"Reference images",
				"  Ep.md:5 shot s01: reference image gone.png was not found in the vault",
				"  Ep.md:5 shot s01: Sora.hk takes reference images only as URLs, and no uploader is configured",
				"  Ep.md:10 shot s02: reference image fake.png is not a PNG, JPEG or WebP image",
				"  Ep.md:10 shot s02: Sora.hk takes reference images only as URLs, and no uploader is configured",
				"  Ep.md:15 shot s03: Sora.hk takes reference images only as URLs, and no uploader is configured",
				"  Ep.md:20 shot s04: Sora.hk takes reference images only as URLs, and no uploader is configured",
				"  Ep.md:20 shot s04: the shot asks for a keyframe and no Gemini API key is set",
			].join("\n"),
		);
		expect(r.out).not.toContain("shot s05:");
		expect(h.sim.log).toHaveLength(0);
		// With an uploader and a key, only the image problems remain.
		const r2 = await generate(h, vault, "Ep.md", ["--dry-run", "--upload-url", "http://127.0.0.1:9/put/{name}"], {
			env: { CINEFLOW_API_KEY: KEY, GEMINI_API_KEY: KEY },
		});
		expect(r2.out.split("\n").filter((l) => l.startsWith("  Ep.md:"))).toEqual([
			"  Ep.md:5 shot s01: reference image gone.png was not found in the vault",
			"  Ep.md:10 shot s02: reference image fake.png is not a PNG, JPEG or WebP image",
		]);
	});
});
