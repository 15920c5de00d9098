import { createContext, useContext } from "react";

const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

/** The per-request CSP nonce, for the few inline scripts Remix writes. */
export function useNonce(): string {
  return useContext(NonceContext);
}
