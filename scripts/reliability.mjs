// Writes the measured sections of RELIABILITY.md from the last runs' reports:
//   soak → bench/.out/soak-report.json (npm run soak)
//   fuzz → bench/.out/fuzz-report.json (npm run fuzz)
//   security → bench/.out/security-report.json (npm run security)
// Usage: node scripts/reliability.mjs soak|fuzz|security
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";

const which = process.argv[2];
const file = "RELIABILITY.md";
const stamp = `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;

function soakSection(r) {
	const faults = Object.entries(r.faults).sort((a, b) => b[1] - a[1]);
	const names = {
		outage: "503 inside an outage window (one minute every half hour)",
		random429: "429 without Retry-After",
		rpm: "429 storm (token bucket) with Retry-After",
		capacity: "429 concurrency limit",
		random5xx: "random 5xx",
		drop: "connection dropped mid-body",
		post502: "POST answered 502 after the task was created",
		truncate: "truncated download",
		html: "HTML error page served with 200",
		expired: "refused (expired) signed URL: stale links and expired-marker shots",
		stall: "download stalled (headers withheld)",
		slow: "slow (throttled) download",
		quota: "quota",
	};
	const ok = (v) => (v === 0 ? "0 ✅" : `${v} ❌`);
	return [
		`Last run: ${stamp}; seed ${r.seed ?? "2026"}; ${r.seconds.toFixed(1)} s wall time.`,
		"",
		"| Input | Value |",
		"|---|---|",
		`| Shots (takes) | ${r.shots} (${r.takes}) across ${r.notes} notes |`,
		`| Policy-marked shots / expired-link shots | ${r.policyShots} / ${r.expiredShots} |`,
		`| CLI processes started / killed with SIGKILL | ${r.runs} / ${r.kills} |`,
		`| Rounds with two CLI processes at once / journals deleted between runs | ${r.concurrentRounds ?? 0} / ${r.journalsDeleted ?? 0} |`,
		`| Notes renamed between runs / shots without \`id:\` (inserted above others between runs) | ${r.notesRenamed ?? 0} / ${r.idlessShots ?? 0} (${r.idlessInserted ?? 0}) |`,
		`| Rounds in which the disk filled up mid-run (ENOSPC after a short write) | ${r.diskFullRounds ?? 0} |`,
		`| Requests the simulator answered | ${r.requests} |`,
		`| Edits by the concurrent writer | ${r.writerEdits} |`,
		"",
		"| Fault injected | Requests it hit |",
		"|---|---|",
		...faults.map(([k, v]) => `| ${names[k] ?? k} | ${v} |`),
		"",
		"| Outcome | Count |",
		"|---|---|",
		`| Duplicate remote submits (simulator log) | ${ok(r.duplicates)} |`,
		`| Paid videos left undownloaded (tasks the simulator finished, against the files on disk) | ${r.paidNotDownloaded ? ok(r.paidNotDownloaded.length) : "not measured"} |`,
		`| Writes outside the vault (one note's \`_assets\` is a symlink to a folder outside it) | ${r.writesOutside ? ok(r.writesOutside.length) : "not measured"} |`,
		`| Valid takes without exactly one complete MP4 | ${ok(r.missingVideos.length)} |`,
		`| Corrupt or partial videos | ${ok(r.corruptVideos.length)} |`,
		`| Embeds missing or duplicated | ${ok(r.embedProblems.length)} |`,
		`| Bytes of the concurrent writer lost | ${ok(r.lostWriterBytes)} |`,
		`| Leftover .tmp / .lock files | ${ok(r.leftoverTmp.length)} |`,
		`| Policy shots not failed-with-reason or not submitted exactly once | ${ok(r.policyProblems.length)} |`,
		`| Expired-link shots not reported as expired or re-submitted | ${ok(r.expiredProblems.length)} |`,
		`| Journals that could not be read after a kill | ${ok(r.brokenJournals)} |`,
		`| Key / Bearer / signature leaks in ${r.leaks.scannedFiles ?? "all"} files and every CLI output | ${ok(r.leaks.key)} / ${ok(r.leaks.bearer)} / ${ok(r.leaks.signature)} |`,
	].join("\n");
}

function fuzzSection(r) {
	const rows = Object.entries(r.cases ?? r).filter(([, v]) => typeof v === "number");
	const total = rows.reduce((s, [, v]) => s + v, 0);
	return [
		`Last run: ${stamp}; scale ${r.scale ?? 1}, base seed ${r.seed ?? "default"}. ${total.toLocaleString("en")} generated cases in all, ${process.env.CINEFLOW_SUITE_FAILED ? "and SOME PROPERTIES FAILED (see the test output)" : "0 failures (a failing property fails the run)"}.`,
		"",
		"| Target | Cases |",
		"|---|---|",
		...rows.map(([k, v]) => `| ${k} | ${v.toLocaleString("en")} |`),
	].join("\n");
}

function securitySection(r) {
	const a = r.leakAudit;
	return [
		`Last run: ${stamp}.${process.env.CINEFLOW_SUITE_FAILED ? " SOME SECURITY TESTS FAILED (see the test output)." : " Every security test passed."}`,
		"",
		"| Leak audit | Value |",
		"|---|---|",
		`| CLI runs against the leaky simulator (every error path) | ${a.runs} |`,
		`| Files / bytes scanned (outputs, run logs, journals, notes, data.json) | ${a.filesScanned} / ${a.bytesScanned.toLocaleString("en")} |`,
		`| Key, cut key, Base64/URL-encoded key, Bearer header or unmasked signature found | ${a.leaks === 0 ? "0 ✅" : `${a.leaks} ❌`} |`,
	].join("\n");
}

const reportPath = `bench/.out/${which}-report.json`;
if (!existsSync(reportPath)) throw new Error(`${reportPath} is missing: run npm run ${which} first`);
const report = JSON.parse(await readFile(reportPath, "utf8"));
const sections = { soak: soakSection, fuzz: fuzzSection, security: securitySection };
if (!sections[which]) throw new Error("usage: node scripts/reliability.mjs soak|fuzz|security");
const body = sections[which](report);
const text = await readFile(file, "utf8");
const re = new RegExp(`<!-- ${which} -->[\\s\\S]*?<!-- /${which} -->`);
if (!re.test(text)) throw new Error(`${file} has no <!-- ${which} --> section`);
await writeFile(file, text.replace(re, `<!-- ${which} -->\n${body}\n<!-- /${which} -->`));
console.log(`wrote the ${which} figures to ${file}`);
