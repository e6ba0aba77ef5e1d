/** The folder picker: which folder's shots to generate (the active note's folder first). */
import { FuzzySuggestModal, TFolder, type App } from "obsidian";
import { t } from "../../core";

export class FolderPickerModal extends FuzzySuggestModal<TFolder> {
	constructor(
		app: App,
		private readonly preferred: TFolder | null,
		private readonly onPick: (folder: TFolder) => void,
	) {
		super(app);
		this.setPlaceholder(t("plugin.picker.placeholder"));
	}
	getItems(): TFolder[] {
		const all = this.app.vault.getAllFolders(true).sort((a, b) => a.path.localeCompare(b.path));
		const p = this.preferred;
		return p ? [p, ...all.filter((f) => f !== p)] : all;
	}
	getItemText(folder: TFolder): string {
		return folder.isRoot() ? "/" : folder.path;
	}
	onChooseItem(folder: TFolder): void {
		this.onPick(folder);
	}
}

/** The active note's folder, or the vault root. */
export function activeFolder(app: App): TFolder | null {
	const f = app.workspace.getActiveFile();
	return f?.parent ?? app.vault.getRoot();
}
