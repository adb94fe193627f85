package dev.kvsedge.server.images;

/** The image of one frame, or why it could not be made (reported as MEDIA_ERROR; the reason goes to the log only). */
record FrameImage(byte[] image, String failure) {

    static FrameImage made(byte[] image) {
        return new FrameImage(image, null);
    }

    static FrameImage failed(String why) {
        return new FrameImage(null, why);
    }
}
