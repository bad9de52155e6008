// Builds the docs plugin's UI into lasuite_docs/static/docs.js (and docs.css), an ES
// module the workspace loads for the plugin's fragments. Run it with the shell's
// toolchain: `cd web && npx vite build --config ../plugins/docs/web/vite.config.ts`.
//
// `lit` and `@lasuite/shell` stay imports: the page's import map gives the module
// the shell's own copies. The editor (TipTap, Yjs, y-websocket) is bundled, from the
// shell's node_modules, where web/package.json pins it.
import type { UserConfig } from "vite";
import { fromShellModules } from "../../../web/plugin-modules";

const here = new URL(".", import.meta.url).pathname;

const config: UserConfig = {
  root: here,
  publicDir: false,
  logLevel: "warn",
  plugins: [fromShellModules(here)],
  build: {
    outDir: `${here}../lasuite_docs/static`,
    // static/ may hold other files of the plugin: only docs.js and docs.css are rewritten.
    emptyOutDir: false,
    target: "es2022",
    reportCompressedSize: false,
    // TipTap, ProseMirror and Yjs make one module of about 600 kB (170 kB compressed).
    chunkSizeWarningLimit: 1000,
    lib: {
      entry: `${here}src/index.ts`,
      formats: ["es"],
      fileName: () => "docs.js",
      cssFileName: "docs",
    },
    rollupOptions: {
      external: [/^lit(\/.*)?$/, "@lasuite/shell"],
    },
  },
};

export default config;
