package dev.kvsedge.camera;

/**
 * What loop to encode; cameras whose options give equal specs share one encoded loop.
 *
 * @param frames frames in the loop, a multiple of {@code gopFrames}
 * @param bitrate the encoder's target, bits per second
 */
record LoopSpec(int width, int height, int fps, int gopFrames, int frames, long bitrate) {

    LoopSpec {
        if (frames <= 0 || gopFrames <= 0 || frames % gopFrames != 0) {
            throw new IllegalArgumentException("a loop is whole GOPs: " + frames + " frames, GOP " + gopFrames);
        }
    }

    static LoopSpec of(CameraOptions options) {
        return new LoopSpec(options.width(), options.height(), options.fps(), options.gopFrames(), options.loopFrames(),
                options.effectiveBitrate());
    }
}
