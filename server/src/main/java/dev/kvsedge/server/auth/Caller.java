package dev.kvsedge.server.auth;

/**
 * The verified caller. Region and service come from the signed credential scope: the client chose them and
 * the signature covers them, so handlers can trust them as the region the call is for.
 */
public record Caller(Principal principal, String accessKeyId, String region, String service) {}
