// The plugin bundle's "js-yaml" (aliased in esbuild.config.mjs; gray-matter is its
// only user there). gray-matter reads front matter with safeLoad, and CineFlow's
// parser goes through that same engine (src/core/parse/frontmatter.ts). safeDump
// only serves matter.stringify, which CineFlow never calls. This is js-yaml's own
// loader, so YAML reads exactly as before; what main.js no longer carries is the
// dumper and the unsafe !!js/* types (the build points the loader's default_full
// schema at default_safe: safeLoad never used it), about 11 KB.
import loader from "../../node_modules/js-yaml/lib/js-yaml/loader.js";

export const safeLoad = loader.safeLoad;

export function safeDump() {
	throw new Error("YAML output is not part of the CineFlow plugin bundle");
}
