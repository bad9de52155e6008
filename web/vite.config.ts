/// <reference types="node" />
// Builds the workspace shell into core/lasuite/static, served by the app under /static/.
//
// Plugins' modules are loaded at run time and import "lit" and "@lasuite/shell"
// without bundling them: each shared module is its own entry chunk, and the
// import map written into index.html maps its specifier to that chunk. The shell
// imports the very same chunks, so there is one Lit and one API client per page.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const OUT_DIR = fileURLToPath(new URL("../core/lasuite/static", import.meta.url));
const BASE = "/static/";

/** Specifiers plugins may import, and what provides each one. */
export const SHARED_MODULES: Record<string, string> = {
  "@lasuite/shell": fileURLToPath(new URL("./src/shell/index.ts", import.meta.url)),
  lit: "lit",
  "lit/decorators.js": "lit/decorators.js",
  "lit/directive.js": "lit/directive.js",
  "lit/async-directive.js": "lit/async-directive.js",
  "lit/static-html.js": "lit/static-html.js",
  ...Object.fromEntries(
    [
      "cache",
      "choose",
      "class-map",
      "guard",
      "if-defined",
      "keyed",
      "live",
      "map",
      "ref",
      "repeat",
      "style-map",
      "unsafe-html",
      "until",
      "when",
    ].map((name) => [`lit/directives/${name}.js`, `lit/directives/${name}.js`]),
  ),
};

/** Entry names are file names: "lit/directives/class-map.js" → "lit-directives-class-map". */
function entryName(specifier: string): string {
  return specifier.replace(/^@/, "").replace(/\.js$/, "").replace(/[/.]/g, "-");
}

/**
 * Writes `<script type="importmap">` right after `<meta charset>`, before any module
 * script, naming the hashed entry chunks. The app serves index.html with this inline
 * script's sha256 in its Content-Security-Policy.
 */
function importMap(): Plugin {
  return {
    name: "lasuite-import-map",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const imports: Record<string, string> = {};
        for (const [specifier] of Object.entries(SHARED_MODULES)) {
          const chunk = Object.values(ctx.bundle ?? {}).find(
            (c) => c.type === "chunk" && c.isEntry && c.name === entryName(specifier),
          );
          if (!chunk) throw new Error(`no entry chunk for the shared module ${specifier}`);
          imports[specifier] = BASE + chunk.fileName;
        }
        const script = `<script type="importmap">${JSON.stringify({ imports })}</script>`;
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (!charset.test(html)) throw new Error("index.html needs a <meta charset> first");
        return html.replace(charset, (meta) => `${meta}\n    ${script}`);
      },
    },
  };
}

/** Swagger UI's files for the API documentation, served by the app under /api/docs/assets. */
const SWAGGER_FILES = ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"];

function swaggerAssets(): Plugin {
  const dist = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  return {
    name: "lasuite-swagger-assets",
    apply: "build",
    generateBundle() {
      for (const name of SWAGGER_FILES) {
        this.emitFile({ type: "asset", fileName: `api-docs/${name}`, source: readFileSync(join(dist, name)) });
      }
    },
  };
}

export default defineConfig({
  base: BASE,
  plugins: [importMap(), swaggerAssets()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    assetsDir: "assets",
    // Every asset is a file: nothing inlined as data: beyond what DSFR's CSS has.
    assetsInlineLimit: 0,
    target: "es2022",
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL("./index.html", import.meta.url)),
        ...Object.fromEntries(
          Object.entries(SHARED_MODULES).map(([specifier, source]) => [
            entryName(specifier),
            source,
          ]),
        ),
      },
      // Keep every export of the shared entries: plugins use what the shell does not.
      preserveEntrySignatures: "strict",
    },
  },
});
