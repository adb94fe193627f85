package dev.kvsedge.server.http;

/**
 * What an operation with a streaming blob output (GetMedia, GetMediaForFragmentList, GetClip) returns:
 * the payload's content type and its producer. The dispatcher turns it into a streamed response.
 */
public record MediaOutput(String contentType, ResponseStream body) {}
