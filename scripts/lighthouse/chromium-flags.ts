/**
 * Debian's Chromium on a closed network: without these it keeps trying to reach Google. Shared by the
 * Lighthouse audit and the browser tests (tests/e2e/support/browser.ts); kept free of imports so that
 * the browser tests do not load Lighthouse.
 */
export const CLOSED_NETWORK_FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
