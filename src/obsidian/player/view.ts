/**
 * The animatic player: a note's chosen takes in story order, one `<video>` at a
 * time (advancing on `ended`), the shot id and prompt over the video, play/pause,
 * previous/next, and a list of shots to jump to. A shot without a video is a
 * titled card held for the shot's duration. No Node: it works on phones
 * (`playsinline`, a narrow layout below the video). The sequencing is pure
 * (core/player/playlist.ts); this file only draws it and follows the video.
 */
import { ItemView, Platform, normalizePath, setIcon, type WorkspaceLeaf } from "obsidian";
import { after, clockText, CutError, type CutWarningKind, loadAnimatic, type MessageKey, type Playlist, type PlaylistItem, step, t } from "../../core";
import type { CineFlowHost } from "../host";
import { ObsidianVaultPort } from "../vault-port";

export const PLAYER_VIEW_TYPE = "cineflow-animatic";

/** How often a gap's hold and the time display advance (ms). */
const TICK_MS = 200;

/** Why a shot is a gap: the shot list's label and the held card's line. */
type GapWhy = "no-video" | "video-missing" | "not-embedded" | "invalid-shot" | "unplayable";

const GAP_TEXT: Record<GapWhy, { label: MessageKey; held: MessageKey }> = {
	"no-video": { label: "board.player.gap.noVideo", held: "board.player.held.noVideo" },
	"video-missing": { label: "board.player.gap.videoMissing", held: "board.player.held.videoMissing" },
	"not-embedded": { label: "board.player.gap.notEmbedded", held: "board.player.held.notEmbedded" },
	"invalid-shot": { label: "board.player.gap.invalidShot", held: "board.player.held.invalidShot" },
	unplayable: { label: "board.player.gap.unplayable", held: "board.player.held.unplayable" },
};

function gapWhy(kind: CutWarningKind | undefined): GapWhy {
	return kind !== undefined && kind in GAP_TEXT ? (kind as GapWhy) : "no-video";
}

export class AnimaticView extends ItemView {
	notePath = "";
	playlist: Playlist | null = null;
	/** Index of the current item. */
	current = 0;
	playing = false;
	/** How long the current gap has been held (ms). */
	private held = 0;
	private video: HTMLVideoElement | null = null;
	private stage: HTMLElement | null = null;
	private caption: HTMLElement | null = null;
	private time: HTMLElement | null = null;
	private playButton: HTMLElement | null = null;
	private list: HTMLElement | null = null;

	constructor(
		leaf: WorkspaceLeaf,
		private readonly host: CineFlowHost,
	) {
		super(leaf);
	}

	getViewType(): string {
		return PLAYER_VIEW_TYPE;
	}
	getDisplayText(): string {
		return this.playlist ? t("board.player.titleOf", { title: this.playlist.title }) : t("board.player.title");
	}
	getIcon(): string {
		return "clapperboard";
	}

	getState(): Record<string, unknown> {
		return { notePath: this.notePath };
	}

	async setState(state: unknown, result: unknown): Promise<void> {
		const path = (state as { notePath?: unknown } | null)?.notePath;
		if (typeof path === "string" && path && path !== this.notePath) await this.show(path);
		await (super.setState as (s: unknown, r: unknown) => Promise<void>)?.call(this, state, result);
	}

	async onOpen(): Promise<void> {
		this.contentEl.addClass("cineflow-player");
		if (Platform.isMobile) this.contentEl.addClass("cineflow-mobile");
		this.registerInterval(window.setInterval(() => this.tick(TICK_MS), TICK_MS));
	}

	async onClose(): Promise<void> {
		this.stopVideo();
		this.contentEl.empty();
	}

	/** Loads the note's animatic and shows its first shot (paused). */
	async show(notePath: string): Promise<void> {
		this.notePath = normalizePath(notePath);
		this.stopVideo();
		this.contentEl.empty();
		try {
			this.playlist = await loadAnimatic({ vault: new ObsidianVaultPort(this.app), notePath: this.notePath, settings: this.host.settings });
		} catch (err) {
			this.playlist = null;
			const text =
				err instanceof CutError
					? t(err.reason === "no-shots" ? "board.player.noShots" : "board.player.noteMissing", { path: this.notePath })
					: t("board.player.readFailed");
			this.contentEl.createDiv({ cls: "cineflow-empty", text });
			return;
		}
		this.build(this.playlist);
		this.go(0, false);
	}

	private build(p: Playlist): void {
		const el = this.contentEl;
		const head = el.createDiv({ cls: "cineflow-player-head" });
		head.createDiv({ cls: "cineflow-player-title", text: p.title });
		head.createDiv({ cls: "cineflow-muted", text: t("board.player.summary", { count: p.items.length, videos: p.videos, total: clockText(p.total) }) });
		const frame = el.createDiv({ cls: "cineflow-player-frame" });
		this.stage = frame.createDiv({ cls: "cineflow-player-stage" });
		this.caption = frame.createDiv({ cls: "cineflow-player-caption" });
		const controls = el.createDiv({ cls: "cineflow-player-controls" });
		const button = (cls: string, icon: string, label: string, fn: () => void): HTMLElement => {
			const b = controls.createEl("button", { cls, attr: { "aria-label": label } });
			setIcon(b, icon);
			b.addEventListener("click", fn);
			return b;
		};
		button("cineflow-player-prev", "skip-back", t("board.player.previous"), () => this.go(step(p, this.current, -1), this.playing));
		this.playButton = button("cineflow-player-play", "play", t("board.player.play"), () => this.toggle());
		button("cineflow-player-next", "skip-forward", t("board.player.next"), () => this.go(step(p, this.current, 1), this.playing));
		this.time = controls.createSpan({ cls: "cineflow-player-time" });
		this.list = el.createEl("ol", { cls: "cineflow-player-list" });
		p.items.forEach((it, i) => {
			const li = this.list?.createEl("li", { cls: ["cineflow-player-item", it.videoPath ? "has-video" : "is-gap"] });
			li?.setAttr("data-shot", it.shotId);
			const b = li?.createEl("button", { cls: "cineflow-player-jump" });
			b?.createSpan({ cls: "cineflow-player-item-id", text: it.shotId });
			b?.createSpan({ cls: "cineflow-player-item-time", text: clockText(it.start) });
			if (!it.videoPath) b?.createSpan({ cls: "cineflow-player-item-gap", text: t(GAP_TEXT[gapWhy(it.gap)].label) });
			b?.createSpan({ cls: "cineflow-player-item-prompt", text: it.prompt });
			b?.addEventListener("click", () => this.go(i, true));
		});
	}

	/** Shows item `i`; starts it when `play`. */
	go(i: number, play: boolean): void {
		const p = this.playlist;
		if (!p || !this.stage) return;
		const it = p.items[i];
		if (!it) return;
		this.current = i;
		this.held = 0;
		this.stopVideo();
		this.stage.empty();
		if (it.videoPath) this.showVideo(it);
		else this.showGap(it);
		this.caption?.empty();
		this.caption?.createSpan({
			cls: "cineflow-player-shot",
			text: it.take && it.take > 1 ? t("board.player.captionTake", { shot: it.shotId, take: it.take }) : it.shotId,
		});
		this.caption?.createSpan({ cls: "cineflow-player-prompt", text: it.prompt });
		const items = this.list ? Array.from(this.list.children) : [];
		items.forEach((li, k) => (li as HTMLElement).toggleClass("is-current", k === i));
		this.setPlaying(play);
		this.updateTime();
	}

	private showVideo(it: PlaylistItem): void {
		const v = this.stage?.createEl("video", {
			cls: "cineflow-player-video",
			attr: { playsinline: true, "webkit-playsinline": true, preload: "auto" },
		}) as HTMLVideoElement;
		v.setAttr("src", this.app.vault.adapter.getResourcePath(normalizePath(it.videoPath as string)));
		v.addEventListener("ended", () => this.advance());
		// A video that cannot be played is held as a gap for its duration.
		v.addEventListener("error", () => {
			if (this.video !== v) return;
			this.video = null;
			this.stage?.empty();
			this.showGap(it, "unplayable");
		});
		this.video = v;
	}

	private showGap(it: PlaylistItem, why: GapWhy = gapWhy(it.gap)): void {
		const card = this.stage?.createDiv({ cls: "cineflow-player-gap" });
		card?.createDiv({ cls: "cineflow-player-gap-title", text: it.shotId });
		card?.createDiv({ cls: "cineflow-player-gap-why", text: t(GAP_TEXT[why].held, { time: clockText(it.duration) }) });
		card?.createDiv({ cls: "cineflow-player-gap-prompt", text: it.prompt });
	}

	private setPlaying(on: boolean): void {
		this.playing = on;
		if (this.playButton) {
			setIcon(this.playButton, on ? "pause" : "play");
			this.playButton.setAttr("aria-label", on ? t("board.player.pause") : t("board.player.play"));
		}
		const v = this.video;
		if (!v) return;
		if (on && typeof v.play === "function") {
			// Autoplay may be refused (a phone without a user gesture): show it as paused.
			void v.play()?.catch(() => this.setPlaying(false));
		} else if (!on && typeof v.pause === "function") v.pause();
	}

	toggle(): void {
		const p = this.playlist;
		if (!p) return;
		// At the end, play starts again from the first shot.
		if (!this.playing && this.atEnd()) this.go(0, true);
		else this.setPlaying(!this.playing);
	}

	private atEnd(): boolean {
		const p = this.playlist;
		if (!p) return false;
		const it = p.items[this.current];
		if (!it || this.current !== p.items.length - 1) return false;
		return it.videoPath ? this.video?.ended === true : this.held >= it.duration * 1000;
	}

	/** The current item ended: the next one plays, or the animatic stops at its end. */
	advance(): void {
		const p = this.playlist;
		if (!p) return;
		const next = after(p, this.current);
		if (next === null) {
			this.setPlaying(false);
			this.updateTime();
			return;
		}
		this.go(next, true);
	}

	/** Time passes: a playing gap is held, then advances; the time display follows. */
	tick(ms: number): void {
		const it = this.playlist?.items[this.current];
		if (!it) return;
		if (this.playing && !this.video) {
			this.held += ms;
			if (this.held >= it.duration * 1000) {
				this.held = it.duration * 1000;
				this.advance();
				return;
			}
		}
		this.updateTime();
	}

	private updateTime(): void {
		const p = this.playlist;
		const it = p?.items[this.current];
		if (!p || !it || !this.time) return;
		const inItem = this.video ? Math.min(it.duration, this.video.currentTime || 0) : this.held / 1000;
		this.time.setText(t("board.player.time", { n: this.current + 1, count: p.items.length, at: clockText(it.start + inItem), total: clockText(p.total) }));
	}

	private stopVideo(): void {
		const v = this.video;
		this.video = null;
		if (!v) return;
		if (typeof v.pause === "function") v.pause();
		// Release the file (a phone keeps few decoders).
		v.removeAttribute("src");
		if (typeof v.load === "function") v.load();
	}
}
