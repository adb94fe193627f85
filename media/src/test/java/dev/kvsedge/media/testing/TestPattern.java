package dev.kvsedge.media.testing;

import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The moving test picture, drawn into YUV 4:2:0 frames: diagonal bars sliding four pixels a frame, chroma bands,
 * and the frame number in binary as a row of sixteen blocks along the top, so that every frame differs and a
 * dropped or repeated frame would show.
 */
final class TestPattern {
    private final int width;
    private final int height;

    TestPattern(int width, int height) {
        this.width = width;
        this.height = height;
    }

    void draw(int index, AVFrame frame) {
        int lumaStride = frame.linesize(0);
        byte[] luma = new byte[lumaStride * height];
        int block = Math.max(2, width / 16);
        int blockHeight = Math.max(2, height / 12);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int value;
                if (y < blockHeight) {
                    int bit = 15 - x / block; // most significant bit on the left
                    value = bit >= 0 && ((index >>> bit) & 1) == 1 ? 235 : 16;
                } else {
                    value = ((x + y - index * 4) & 63) < 32 ? 180 : 60;
                }
                luma[y * lumaStride + x] = (byte) value;
            }
        }
        frame.data(0).put(luma, 0, luma.length);
        for (int plane = 1; plane <= 2; plane++) {
            int stride = frame.linesize(plane);
            byte[] chroma = new byte[stride * (height / 2)];
            for (int y = 0; y < height / 2; y++) {
                for (int x = 0; x < width / 2; x++) {
                    int band = (x * 8 / Math.max(1, width / 2) + (plane == 1 ? 0 : 3)) & 7;
                    chroma[y * stride + x] = (byte) (64 + band * 16);
                }
            }
            frame.data(plane).put(chroma, 0, chroma.length);
        }
    }
}
