// Builds the visio plugin's UI into lasuite_visio/static/visio.js (and visio.css), an ES
// module the workspace loads for the plugin's fragments. Run it with the shell's
// toolchain: `cd web && npx vite build --config ../plugins/visio/web/vite.config.ts`.
//
// `lit` and `@lasuite/shell` stay imports: the page's import map gives the module
// the shell's own copies, so the plugin bundles neither.
import type { UserConfig } from "vite";
import { fromShellModules } from "../../../web/plugin-modules";

const here = new URL(".", import.meta.url).pathname;

const config: UserConfig = {
  root: here,
  publicDir: false,
  logLevel: "warn",
  // livekit-client, loaded when a meeting goes through the video server, is bundled from
  // the shell's node_modules into a module of its own.
  plugins: [fromShellModules(here)],
  build: {
    outDir: `${here}../lasuite_visio/static`,
    // static/ may hold other files of the plugin: only visio.js and visio.css are rewritten.
    emptyOutDir: false,
    target: "es2022",
    reportCompressedSize: false,
    lib: {
      entry: `${here}src/index.ts`,
      formats: ["es"],
      fileName: () => "visio.js",
      cssFileName: "visio",
    },
    rollupOptions: {
      external: [/^lit(\/.*)?$/, "@lasuite/shell"],
      // .js, which every server serves as JavaScript (not all know .mjs).
      output: { chunkFileNames: "[name]-[hash].js" },
    },
  },
};

export default config;
