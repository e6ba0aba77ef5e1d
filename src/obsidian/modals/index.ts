/**
 * The plugin's modals, one file each: the folder picker, the dry-run report, the
 * run dialog (with its missing-key and missing-character sections) and the run log.
 */
export { FolderPickerModal, activeFolder } from "./folder-picker";
export { DryRunModal } from "./dry-run";
export { RunDialog } from "./run-dialog";
export { RunLogModal } from "./run-log";
export { costText, renderDryRun, summarize, type WorkSummary } from "../dryrun-view";
