/**
 * `npm run soak`: the full chaos soak (500 shots, 40 notes, 20 SIGKILLs) through
 * the real CLI. Prints the report as JSON and writes it to soak-report.json in
 * the given folder so RELIABILITY.md can quote it.
 * Usage: node scripts/soak.mjs [--shots N] [--notes N] [--kills N] [--seed N]
 */
import { promises as fs } from "node:fs";
import { buildCli } from "../e2e/cli-build";
import { runSoak } from "./soak";

function flag(name: string, dflt: number): number {
	const i = process.argv.indexOf(`--${name}`);
	const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
	return Number.isFinite(v) ? v : dflt;
}

export async function main(outFile: string): Promise<number> {
	const { cli, dispose } = await buildCli();
	try {
		const report = await runSoak({
			cli,
			shots: flag("shots", 500),
			notes: flag("notes", 40),
			kills: flag("kills", 20),
			seed: flag("seed", 2026),
			log: (l) => process.stderr.write(`${l}\n`),
		});
		await fs.writeFile(outFile, JSON.stringify(report, null, 2) + "\n");
		process.stdout.write(JSON.stringify(report, null, 2) + "\n");
		const ok =
			report.duplicates === 0 &&
			report.missingVideos.length === 0 &&
			report.corruptVideos.length === 0 &&
			report.embedProblems.length === 0 &&
			report.lostWriterBytes === 0 &&
			report.leftoverTmp.length === 0 &&
			report.policyProblems.length === 0 &&
			report.expiredProblems.length === 0 &&
			report.brokenJournals === 0 &&
			report.paidNotDownloaded.length === 0 &&
			report.writesOutside.length === 0 &&
			report.leaks.key + report.leaks.bearer + report.leaks.signature === 0;
		process.stderr.write(ok ? "soak: every check passed\n" : "soak: CHECKS FAILED (see report)\n");
		return ok ? 0 : 1;
	} finally {
		await dispose();
	}
}
