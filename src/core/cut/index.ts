/** Public API of the cut export (see types.ts). */
export { buildCut, CutError, type BuildCutInput } from "./build";
export { cutToCanvas, promptText, renderCanvas, type CanvasEdge, type CanvasNode, type CanvasOptions, type JsonCanvas } from "./canvas";
export { chosenTake, takeVideo, type NoteTakesView, type ShotTakesView, type TakeChoice } from "./chosen";
export { CUT_FORMATS, cutFileName, cutFilePath, cutFiles, type CutFile, type CutFilesOptions, type CutFormat } from "./export";
export { cutToOtio, fileUrl, framesOf, mediaUrlFor, relativeUrl, renderOtio, type MediaUrls, type OtioClip, type OtioOptions, type OtioTimeline } from "./otio";
export { POSTER_FOLDER, posterPathFor, posterTime, writePosters, type PosterDeps, type PosterReport } from "./posters";
export { DEFAULT_RATE, FALLBACK_DURATION, type Cut, type CutClip, type CutWarning, type CutWarningKind, type TakeVia } from "./types";
