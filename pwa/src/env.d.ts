// Set by vite.config.ts: true only in the upgrade test's "next release" build
// (CLB_NEXT_RELEASE=1), false in every normal build and test.
declare const __NEXT_RELEASE__: boolean;
