import { type Plugin, defineConfig } from "vite";

/**
 * Makes the built page open straight from the file system (file://), where browsers
 * refuse module scripts and CORS-mode requests: the bundle is one classic script (an
 * IIFE, so no `import` is left in it) loaded with `defer`, and no tag asks for CORS.
 */
function classicScript(): Plugin {
  return {
    name: "playground-classic-script",
    apply: "build",
    enforce: "post",
    transformIndexHtml: {
      order: "post",
      handler: (html) => html.replace(/<script type="module" crossorigin /g, "<script defer ").replace(/ crossorigin(?=[ >])/g, ""),
    },
  };
}

export default defineConfig({
  // Relative asset paths: dist/index.html works from any folder, any server, offline.
  base: "./",
  plugins: [classicScript()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: false,
    rolldownOptions: { output: { format: "iife" } },
  },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
