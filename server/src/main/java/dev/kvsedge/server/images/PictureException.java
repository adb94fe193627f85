package dev.kvsedge.server.images;

/** A picture that could not be decoded or encoded: the image's error is MEDIA_ERROR. */
final class PictureException extends RuntimeException {
    PictureException(String message) {
        super(message, null, false, false);
    }
}
