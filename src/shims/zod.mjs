// The plugin bundle's "zod" (resolved here by esbuild.config.mjs, for the bare
// specifier "zod" only). `import { z } from "zod"` makes esbuild keep zod's whole
// top-level namespace: 64 locales, the `core` namespace and the JSON Schema
// importer, about 270 KB of minified main.js that the plugin never uses. This is
// the same classic API, from the same files, without those. English messages are still registered by
// zod itself (classic/schemas.js, on first schema construction).
import * as z from "./zod-api.mjs";

export * from "./zod-api.mjs";
export { z, z as default };
