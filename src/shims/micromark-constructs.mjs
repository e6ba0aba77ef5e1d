// micromark's default constructs for the plugin bundle (esbuild.config.mjs points
// micromark/lib/parse.js's "./constructs.js" here). CineFlow's parser reads only
// fenced code blocks and the positions of top-level blocks from remark's tree
// (src/core/parse/fences.ts), and CommonMark settles block structure before any
// inline parsing, so the inline constructs of `text` (emphasis, links, images,
// code spans, autolinks, inline HTML, hard breaks) cannot change what it finds.
// They are left out of main.js (about 11 KB); inside paragraphs and headings the
// tree then holds plain text. Block constructs and `string` (character escapes and
// references, used by a fence's info string) are micromark's own, unchanged.
// test/smoke/shims.test.ts checks the plugin build's fences against Node's.
import { characterEscape, characterReference, lineEnding } from "micromark-core-commonmark";
import { resolver as resolveText } from "../../node_modules/micromark/lib/initialize/text.js";

export { document, contentInitial, flowInitial, flow, string, attentionMarkers, disable } from "../../node_modules/micromark/lib/constructs.js";

export const text = {
	[-5]: lineEnding,
	[-4]: lineEnding,
	[-3]: lineEnding,
	[38]: characterReference,
	[92]: characterEscape,
};

export const insideSpan = {
	null: [resolveText],
};
