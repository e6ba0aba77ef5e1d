// Bundles and runs the full chaos soak (test/soak/main.ts); writes bench/.out/soak-report.json.
import esbuild from "esbuild";
import { mkdir } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";

await mkdir("bench/.out", { recursive: true });
const outfile = "bench/.out/soak.mjs";
await esbuild.build({
	entryPoints: ["test/soak/main.ts"],
	bundle: true,
	platform: "node",
	format: "esm",
	target: "node20",
	outfile,
	external: ["esbuild", "undici"],
	logLevel: "warning",
	banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const mod = await import(pathToFileURL(outfile).href);
process.exitCode = await mod.main("bench/.out/soak-report.json");
// Publish the figures (also when a check failed: RELIABILITY.md then shows it).
try {
	execFileSync(process.execPath, ["scripts/reliability.mjs", "soak"], { stdio: "inherit" });
} catch {
	process.exitCode = 1;
}
