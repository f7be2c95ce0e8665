/**
 * The request header in which scripts/serve.ts passes the socket's address on to the route handlers
 * (lib/limits/client-address.ts). Its own module, free of imports, because the server script loads
 * it with plain Node (type stripping, no path aliases).
 */
export const CLIENT_ADDRESS_HEADER = "x-rehearse-client-address";
