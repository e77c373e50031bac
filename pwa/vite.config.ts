import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The build must be deterministic: pwa/dist is committed and a Go test
// (e2e/dist_test.go) compares it with a fresh build.
//
// CLB_NEXT_RELEASE=1 makes the "next release" of the upgrade test
// (e2e/upgrade_test.go): schema_version and the IndexedDB version one higher.
// It is never set for pwa/dist.
const nextRelease = (globalThis as any).process?.env?.CLB_NEXT_RELEASE === '1';

export default defineConfig({
  base: '/',
  define: { __NEXT_RELEASE__: JSON.stringify(nextRelease) },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none' },
  server: { fs: { allow: ['..'] }, proxy: { '/api': 'http://127.0.0.1:8080' } },
  build: {
    target: 'es2020',
    sourcemap: false,
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 300,
  },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt', // a new version waits until the person agrees (sw-bridge.ts)
      injectRegister: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
      },
      manifest: {
        id: '/',
        name: 'CLB Liên thế hệ tự giúp nhau',
        short_name: 'CLB Liên thế hệ',
        description: 'Sổ sách câu lạc bộ Liên thế hệ tự giúp nhau: thành viên, sinh hoạt, quỹ, vay vốn, sức khỏe.',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#0b5d3b',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // A busy machine (several builds at once) must not fail a test for time.
    testTimeout: 30_000,
  },
} as any);
