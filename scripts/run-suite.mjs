// `npm run fuzz` / `npm run security`: runs that test folder with its report enabled, then
// writes the figures into RELIABILITY.md. Extra args go to vitest.
// CINEFLOW_FUZZ_SCALE=N multiplies the fuzz counts; CINEFLOW_FUZZ_SEED changes the base seed.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const which = process.argv[2];
const env = { fuzz: "CINEFLOW_FUZZ_REPORT", security: "CINEFLOW_SECURITY_REPORT" }[which];
if (!env) throw new Error("usage: node scripts/run-suite.mjs fuzz|security");
const report = `bench/.out/${which}-report.json`;
rmSync(report, { force: true });
const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
try {
	execFileSync(process.execPath, [vitest, "run", `test/${which}`, ...process.argv.slice(3)], { stdio: "inherit", env: { ...process.env, [env]: report } });
} catch {
	process.exitCode = 1;
}
execFileSync(process.execPath, ["scripts/reliability.mjs", which], {
	stdio: "inherit",
	env: { ...process.env, CINEFLOW_SUITE_FAILED: process.exitCode ? "1" : "" },
});
