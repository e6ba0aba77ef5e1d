/**
 * Catalog area "cli": every key starts with "cli.". `en` is the reference;
 * `zh` has the same keys and placeholders (test/core/i18n/catalog.test.ts).
 * Flags, environment variables, paths, ids and file names stay as they are.
 */

export const en = {
	// Usage and command-line errors.
	"cli.usage":
		"usage:\n" +
		"  cineflow --version\n" +
		"  cineflow generate <note-or-folder> [--dry-run] [--resume] [--provider ID] [--base-url URL] [--model M]\n" +
		"                    [--takes N] [--json] [--link-style wiki|markdown] [--vault DIR] [--no-wait]\n" +
		"                    [--override]   (--provider/--model/--takes win over the shots' and notes' own fields)\n" +
		'                    [--resubmit-unknown]   (send again shots an earlier run left "unknown": may bill twice)\n' +
		"                    [--time-scale N]   (only with a simulator run at the same --time-scale)\n" +
		"                    [setting flags: they override the vault's plugin settings for this run]\n" +
		"{settingFlags}\n{draft}\n{models}\n{cut}\n" +
		"  cineflow demo [--provider ID] [--out DIR] [--time-scale N] [--json]\n" +
		"  cineflow sim [--provider ID] [--port N] [--scenario FILE] [--time-scale N]\n\n" +
		"Every command takes --lang en|zh; without it the language comes from LC_ALL, LC_MESSAGES or LANG.\n" +
		"--json output is always in English.\n\n" +
		"The API key is read from the environment only: CINEFLOW_API_KEY, or per provider\n" +
		"({keyVars}).\n" +
		"Keyframes: GEMINI_API_KEY. Uploader: CINEFLOW_UPLOAD_TOKEN, CINEFLOW_S3_ACCESS_KEY_ID, CINEFLOW_S3_SECRET_ACCESS_KEY.\n" +
		"Proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured.",
	"cli.usageHead": "usage:\n{usage}",
	"cli.usageHint": "Run cineflow --help for usage.",
	"cli.errorLine": "cineflow: {message}",
	"cli.unknownCommand": "unknown command {command}",
	"cli.args.unknownOption": "unknown option --{name}",
	"cli.args.noValue": "--{name} takes no value",
	"cli.args.needsValue": "--{name} needs a value",
	"cli.args.oneOf": "--{name} must be {values} (got {value})",
	"cli.args.wholeNumber": "--{name} must be a whole number from {min} to {max} (got {value})",
	"cli.args.number": "--{name} must be a number ≥ {min} (got {value})",
	"cli.args.lang": "--lang must be en or zh (got {value})",
	"cli.generate.oneTarget": "generate needs exactly one note or folder",
	"cli.noVault": "no vault found at or above {path} (no {configDir} folder); pass --vault DIR",
	"cli.vaultMissing": "vault folder {path} does not exist",
	"cli.notInVault": "{path} is not inside the vault {vault}",
	"cli.notFound": "{path} does not exist",
	"cli.noProvider":
		"no provider is configured for this vault: pass --provider ID, or choose one in the CineFlow plugin settings (live providers: {providers})",
	"cli.baseUrl": "--base-url must be an http(s) URL",
	"cli.sigint.stop": "stopping: no new shots are submitted; submitted shots finish. Press Ctrl-C again to leave them for a later run.",
	"cli.sigint.abandon": "abandoning: the journal keeps every submitted task; run the same command again to resume.",
	"cli.referenceImages": "Reference images",
	"cli.warning": "warning: {message}",
	"cli.vaultSettings.badJson": "{file} is not valid JSON; the built-in defaults are used",
	"cli.references.flags":
		"{message} (flags --upload-url / --s3-endpoint --s3-bucket; keys CINEFLOW_UPLOAD_TOKEN, CINEFLOW_S3_ACCESS_KEY_ID, CINEFLOW_S3_SECRET_ACCESS_KEY)",

	// Keys.
	"cli.keys.missingTwo": "no API key for {provider}: set {keyEnv} and {secondEnv} (its {secondLabel}) in the environment",
	"cli.keys.missing": "no API key for {provider}: set {keyEnv} (or CINEFLOW_API_KEY) in the environment",

	// Progress lines and the final table.
	"cli.progress.start": "CineFlow: {jobs} ({ready} to run, {skipped} already done, {invalid} invalid)",
	"cli.progress.stopping": "stopping ({reason}): {message}",
	"cli.progress.hint": "{message}\n  hint: {hint}",
	"cli.progress.label": "{note} {shot}",
	"cli.progress.labelTake": "{note} {shot} take {take}",
	"cli.progress.done": "✓ {label} → {path}",
	"cli.progress.ended": "✗ {label}: {state}",
	"cli.progress.endedWhy": "✗ {label}: {state} — {message}",
	"cli.progress.status": "CineFlow {done}/{total} done · {running} running",
	"cli.progress.failed": " · {failed} failed",
	"cli.progress.limit": " · limit {limit}",
	"cli.progress.down": " · provider down, waiting",
	"cli.progress.probing": " · provider probing",
	"cli.progress.rate": " · {rate}/min",
	"cli.table.note": "note",
	"cli.table.shot": "shot",
	"cli.table.take": "take",
	"cli.table.state": "state",
	"cli.table.detail": "detail",
	"cli.summary":
		"submitted {submitted} · succeeded {succeeded} · failed {failed} · skipped {skipped} · resumed {resumed} · invalid {invalid} · unknown {unknown}{busy} · estimated cost {cost}{stopped}",
	"cli.summary.busy": " · left to another run {busy}",
	"cli.summary.stopped": " · stopped: {reason}",
	"cli.state.pending": "pending",
	"cli.state.submitting": "submitting",
	"cli.state.queued": "queued",
	"cli.state.running": "running",
	"cli.state.downloading": "downloading",
	"cli.state.done": "done",
	"cli.state.failed": "failed",
	"cli.state.unknown": "unknown",
	"cli.state.timedOut": "timed-out",
	"cli.state.expired": "expired",
	"cli.state.cancelled": "cancelled",
	"cli.state.skipped": "skipped",
	"cli.state.invalid": "invalid",
	"cli.stop.quota": "quota",
	"cli.stop.auth": "auth",
	"cli.stop.retired": "retired",
	"cli.stop.budget": "budget",
	"cli.stop.cancel": "cancel",
	"cli.stop.abandon": "abandon",

	// The dry-run table and its totals.
	"cli.dry.col.note": "Note",
	"cli.dry.col.line": "Line",
	"cli.dry.col.shot": "Shot",
	"cli.dry.col.take": "Take",
	"cli.dry.col.model": "Provider/model",
	"cli.dry.col.duration": "Duration",
	"cli.dry.col.orientation": "Orientation/size",
	"cli.dry.col.pro": "Pro",
	"cli.dry.col.status": "Status",
	"cli.dry.col.cost": "Est. cost",
	"cli.dry.col.reason": "Reason",
	"cli.dry.status.ready": "ready",
	"cli.dry.status.resume": "resume",
	"cli.dry.status.reconcile": "reconcile",
	"cli.dry.status.done": "done",
	"cli.dry.status.skipped": "skipped",
	"cli.dry.status.failed": "failed",
	"cli.dry.status.unknown": "unknown",
	"cli.dry.status.expired": "expired",
	"cli.dry.status.busy": "busy",
	"cli.dry.status.invalid": "invalid",
	"cli.dry.orientation.horizontal": "horizontal",
	"cli.dry.orientation.vertical": "vertical",
	"cli.dry.orientationSize": "{orientation} {size}",
	"cli.dry.seconds": "{seconds}s",
	"cli.dry.reason.poll": "submitted in an earlier run (task {task}); collected without a new charge",
	"cli.dry.reason.ambiguous": "an earlier create got no answer; the provider is asked before anything is sent again",
	"cli.dry.reason.exists": "{path} exists",
	"cli.dry.reason.report": "{message} (earlier run; not retried)",
	"cli.dry.reason.deprecated": "model deprecated",
	"cli.dry.reason.deprecatedShutdown": "model deprecated, shuts down on {date}",
	"cli.dry.reason.deprecatedMove": "model deprecated; move to {model}",
	"cli.dry.reason.deprecatedShutdownMove": "model deprecated, shuts down on {date}; move to {model}",
	"cli.dry.unknownJobs": { one: "{count} job of unknown price", other: "{count} jobs of unknown price" },
	"cli.dry.costPlusUnknown": "{cost} + {jobs}",
	"cli.dry.costAllUnknown": "{cost} ({jobs})",
	"cli.dry.noShots": "No shots found.",
	"cli.dry.totals": "Totals",
	"cli.dry.shots": "  Shots:    {count}",
	"cli.dry.jobs": "  Jobs:     {count} ({parts})",
	"cli.dry.part.ready": "ready {count}",
	"cli.dry.part.resume": "resume {count}",
	"cli.dry.part.skipped": "skipped {count}",
	"cli.dry.part.reported": "not retried {count}",
	"cli.dry.part.busy": "busy {count}",
	"cli.dry.part.invalid": "invalid {count}",
	"cli.dry.listSep": ", ",
	"cli.dry.secondsLine": "  Seconds:  {seconds} (ready jobs)",
	"cli.dry.costLine": "  Estimated cost: {cost}",
	"cli.dry.priceSources": "  Price sources:",
	"cli.dry.chains": "Chains (each shot waits for the chosen take of the shot it starts from; independent chains run in parallel)",
	"cli.dry.upstream": "{shot} (line {line})",
	"cli.dry.upstreamOther": "{note} {shot} (line {line})",
	"cli.dry.chain": "{note} {shot} (line {line}) waits on {upstream}: first frame = its last frame [{asked}, depth {depth}]",
	"cli.dry.chainExternal": "{note} {shot} (line {line}) waits on {upstream} ({external}): first frame = its last frame [{asked}, depth {depth}]",
	"cli.dry.errors": "Errors",
	"cli.dry.sheets": "Character sheets",
	"cli.dry.warnings": "Warnings",

	// The demo.
	"cli.demo.creates": { one: "{count} create request", other: "{count} create requests" },
	"cli.demo.tasks": { one: "{count} task", other: "{count} tasks" },
	"cli.demo.saw": "The simulator saw {creates} for {tasks}.",
	"cli.demo.sawWhy": "The simulator saw {creates} for {tasks}: {why}.",
	"cli.demo.busy":
		"{count} answered 429, busy (the simulated provider runs at most {capacity} jobs at a time: CineFlow learned that limit, waited and sent them again)",
	"cli.demo.errors":
		"{count} answered with an injected server error (5xx or a dropped connection; each was sent again only once the answer or a lookup showed that no task had been made)",
	"cli.demo.refused": "{count} refused (4xx)",
	"cli.demo.whySep": "; ",
	"cli.demo.noModel": "{provider} has no live default model to run the demo with (cineflow models --provider {provider})",
	"cli.demo.noExamples": "the bundled example vault is missing ({path})",
	"cli.demo.notDemo": "{path} exists and is not a previous demo vault; choose another folder with --out",
	"cli.demo.chainedLeftOut": 'The chained scene "{scene}" is left out: {message}',
	"cli.demo.start": "CineFlow demo: simulator on {origin}, time ×{scale}, vault {path}",
	"cli.demo.written": "{videos} written under {path}.",
	"cli.demo.open": 'Open {path} as a vault in Obsidian, or look at "{note}" for the embeds.',
	"cli.demo.oneProvider":
		"Every shot went to {provider}/{model} at {seconds} s; shots that need what that model lacks are reported with their line and reason.",
	"cli.demo.invalidShot":
		"The shot s06 is invalid on purpose (duration 7 s is not offered), so generate reports it with its line and reason (exit code {code} = bad input); everything else must be done for the demo to pass.",

	// draft, cut, models, ffmpeg.
	"cli.draft.usage":
		"  cineflow draft <note> [--vault DIR] [--provider ID] [--json]\n{settingFlags}\n" +
		"                 (key: CINEFLOW_ASSISTANT_API_KEY or OPENAI_API_KEY; base URL and model also from\n" +
		"                  CINEFLOW_ASSISTANT_BASE_URL / CINEFLOW_ASSISTANT_MODEL)",
	"cli.draft.oneNote": "draft needs exactly one note",
	"cli.draft.noKey": "no API key for the script assistant: set {first} (or {second}) in the environment",
	"cli.draft.part": "drafting part {part} of {total}…",
	"cli.draft.repair": {
		one: "part {part}: the answer was invalid ({count} problem); asking once for a repair",
		other: "part {part}: the answer was invalid ({count} problems); asking once for a repair",
	},
	"cli.draft.shots": { one: "{count} shot", other: "{count} shots" },
	"cli.draft.parts": { one: "{count} part", other: "{count} parts" },
	"cli.draft.wrote": "wrote {path}: {shots} from {parts}",
	"cli.draft.wroteRepaired": "wrote {path}: {shots} from {parts}, {repairs} repaired",
	"cli.draft.characters": "{line}; characters: {characters}",
	"cli.draft.failed": "cineflow draft: {message}",
	"cli.cut.usage":
		"  cineflow cut <note> [--format otio|canvas|both] [--out PATH] [--force] [--posters]\n                [--media file|relative] [--fps N] [--columns N] [--vault DIR] [--json]",
	"cli.cut.outside": "--out {out} is outside the vault {vault}; the cut is written inside the vault only",
	"cli.cut.outFormat": "--out {out} names a .{ext} file; pass --format {ext}, or give a folder for --format both",
	"cli.cut.noFfmpeg": "posters: {message} The cut was exported without posters.",
	"cli.cut.ffmpegFailed": "posters: ffmpeg at {path} could not be run; the cut was exported without posters.",
	"cli.cut.oneNote": "cut needs exactly one note",
	"cli.cut.notNote": "{path} is not a note inside the vault {vault}",
	"cli.cut.nothing": "cineflow: nothing to export: no shot of {note} has a video yet",
	"cli.cut.exists": "cineflow: {path} already exists; pass --force to replace it",
	"cli.cut.appeared": "cineflow: {path} appeared while exporting; left as it is (pass --force to replace it)",
	"cli.cut.wrote": "wrote {path}",
	"cli.cut.posters": "posters: {written} written, {kept} kept, {failed} failed",
	"cli.cut.inCut": { one: "{count} shot in the cut", other: "{count} shots in the cut" },
	"cli.cut.inCutLeft": { one: "{count} shot in the cut, {left} left out", other: "{count} shots in the cut, {left} left out" },
	"cli.models.usage": "  cineflow models [--provider ID] [--all] [--json | --markdown]   list models, their status, controls and prices",
	"cli.models.firstFrame": "first frame",
	"cli.models.lastFrame": "last frame",
	"cli.models.refs": "{count} refs",
	"cli.models.audio": "audio on/off",
	"cli.models.negative": "negative prompt",
	"cli.models.seed": "seed",
	"cli.models.imageOnly": "image only",
	"cli.models.textOnly": "text only",
	"cli.models.unknownProvider": "unknown provider {provider}",
	"cli.models.provider": "{label} (--provider {id}; key: {keyEnv})",
	"cli.models.use": "{status}; use {model}",
	"cli.models.verified": "verified {date}: {source}",
	"cli.models.never": "never",
	"cli.models.retiredHidden": "Retired models are hidden; --all shows them.",
	"cli.ffmpeg.missing":
		"no ffmpeg was found. Poster frames need it: install the optional package {pkg} (npm install {pkg}; its binary for Linux, macOS and Windows comes inside the npm package), put ffmpeg on PATH, or set CINEFLOW_FFMPEG to its path.",
	"cli.ffmpeg.missingAt":
		"no ffmpeg was found at CINEFLOW_FFMPEG={path} (not an executable file). Poster frames need it: install the optional package {pkg} (npm install {pkg}; its binary for Linux, macOS and Windows comes inside the npm package), put ffmpeg on PATH, or set CINEFLOW_FFMPEG to its path.",
	"cli.ffmpeg.notStarted": "{bin} could not be started ({cause})",
	"cli.ffmpeg.notPng": "ffmpeg did not answer with a PNG",

	// The vault on disk and HTTP.
	"cli.fs.outside": "refused a path outside the vault: {path}",
	"cli.fs.changing": "{path} kept changing while CineFlow tried to update it; it was left untouched",
	"cli.fs.symlink": "refused to write {path}: it resolves to {real}, outside the vault (a symbolic link?). CineFlow writes only inside the vault.",
	"cli.fs.readOnly": "{path} is read-only, so CineFlow left it unchanged; make it writable and run again to add the embed",
	"cli.fs.lockTimeout": "timed out waiting for {path}",
	"cli.http.aborted": "request aborted",
	"cli.http.stalled": "stalled: nothing received for {ms} ms",
	"cli.http.timeout": "no complete response within {ms} ms",
	"cli.http.tooLarge": "response of {bytes} bytes exceeds the limit of {max}",
	"cli.http.bodyTooLarge": "response body exceeds the limit of {max} bytes",
} as const;
