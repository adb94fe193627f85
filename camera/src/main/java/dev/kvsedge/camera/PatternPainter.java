package dev.kvsedge.camera;

import java.util.Arrays;

/**
 * Draws the camera's moving picture into YUV 4:2:0 planes: diagonal bars sliding right, a white box bouncing left
 * and right, the frame's number in the loop as four seven-segment digits, and a bar along the bottom showing how far
 * through the loop the frame is. Every motion completes whole cycles over the loop, so the last frame runs smoothly
 * into the first and the loop looks like one continuous scene. Plain Java, no FFmpeg: the planes are copied into
 * the encoder's frames by {@link LoopEncoder}.
 */
final class PatternPainter {
    /** The bars' period in pixels; they move by about four pixels a frame. */
    private static final int BAR_PERIOD = 64;
    /** Which of the segments a, b, c, d, e, f, g (bit 0 to 6) each digit lights. */
    private static final int[] SEGMENTS = {0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F};
    private static final byte BLACK = 16;
    private static final byte WHITE = (byte) 235;

    private final int width;
    private final int height;
    private final int loopFrames;
    private final byte[] luma;
    private final byte[] cb;
    private final byte[] cr;

    PatternPainter(int width, int height, int loopFrames) {
        this.width = width;
        this.height = height;
        this.loopFrames = loopFrames;
        this.luma = new byte[width * height];
        this.cb = new byte[(width / 2) * (height / 2)];
        this.cr = new byte[(width / 2) * (height / 2)];
        paintChroma();
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The Y plane, {@code width} bytes a row; overwritten by each {@link #paint}. */
    byte[] luma() {
        return luma;
    }

    /** The Cb plane, {@code width / 2} bytes a row; the same for every frame. */
    byte[] cb() {
        return cb;
    }

    /** The Cr plane, {@code width / 2} bytes a row; the same for every frame. */
    byte[] cr() {
        return cr;
    }

    /** Paints frame {@code index} (0 to loopFrames - 1) into the Y plane. */
    void paint(int index) {
        paintBars(index);
        paintBox(index);
        paintCounter(index);
        paintProgress(index);
    }

    private void paintBars(int index) {
        // a whole number of bar periods over the loop, so the wrap is seamless
        int cycles = Math.max(1, Math.round(loopFrames * 4f / BAR_PERIOD));
        int shift = (int) ((long) index * BAR_PERIOD * cycles / loopFrames);
        // one row of bars, a period longer than the picture: each row of the picture is a window on it, one pixel
        // further along than the row above, which makes the bars diagonal
        byte[] row = new byte[width + BAR_PERIOD];
        for (int x = 0; x < row.length; x++) {
            row[x] = (byte) ((x & (BAR_PERIOD - 1)) < BAR_PERIOD / 2 ? 170 : 70);
        }
        for (int y = 0; y < height; y++) {
            System.arraycopy(row, Math.floorMod(y - shift, BAR_PERIOD), luma, y * width, width);
        }
    }

    private void paintBox(int index) {
        int size = Math.max(4, height / 6);
        int travel = Math.max(0, width - size);
        // a triangle wave over the loop: right for the first half, back for the second
        int half = Math.max(1, loopFrames / 2);
        int step = index <= half ? index : loopFrames - index;
        int left = (int) ((long) travel * step / half);
        int top = (height - size) / 2;
        fill(left, top, size, size, WHITE);
    }

    private void paintCounter(int index) {
        int digitHeight = Math.max(10, height / 8);
        int digitWidth = digitHeight / 2;
        int thickness = Math.max(2, digitHeight / 10);
        int margin = Math.max(2, digitHeight / 5);
        int digits = 4;
        fill(0, 0, Math.min(width, margin + digits * (digitWidth + margin)), Math.min(height, digitHeight + 2 * margin),
                BLACK);
        int value = index % 10_000;
        for (int d = 0; d < digits; d++) {
            int digit = value / (int) Math.pow(10, digits - 1 - d) % 10;
            drawDigit(SEGMENTS[digit], margin + d * (digitWidth + margin), margin, digitWidth, digitHeight, thickness);
        }
    }

    private void drawDigit(int segments, int x, int y, int w, int h, int t) {
        int mid = y + (h - t) / 2;
        if ((segments & 0x01) != 0)
            fill(x, y, w, t, WHITE); // a: top
        if ((segments & 0x02) != 0)
            fill(x + w - t, y, t, h / 2, WHITE); // b: upper right
        if ((segments & 0x04) != 0)
            fill(x + w - t, y + h / 2, t, h - h / 2, WHITE); // c: lower right
        if ((segments & 0x08) != 0)
            fill(x, y + h - t, w, t, WHITE); // d: bottom
        if ((segments & 0x10) != 0)
            fill(x, y + h / 2, t, h - h / 2, WHITE); // e: lower left
        if ((segments & 0x20) != 0)
            fill(x, y, t, h / 2, WHITE); // f: upper left
        if ((segments & 0x40) != 0)
            fill(x, mid, w, t, WHITE); // g: middle
    }

    private void paintProgress(int index) {
        int barHeight = Math.max(2, height / 40);
        int filled = (int) ((long) width * (index + 1) / loopFrames);
        fill(0, height - barHeight, width, barHeight, BLACK);
        fill(0, height - barHeight, filled, barHeight, WHITE);
    }

    /** Fills a rectangle of the Y plane, clipped to the picture. */
    private void fill(int x, int y, int w, int h, byte value) {
        int x0 = Math.max(0, x);
        int x1 = Math.min(width, x + w);
        int y1 = Math.min(height, y + h);
        if (x1 <= x0) {
            return;
        }
        for (int row = Math.max(0, y); row < y1; row++) {
            Arrays.fill(luma, row * width + x0, row * width + x1, value);
        }
    }

    /** Colour bands across the picture, the same in every frame (the motion is all in the Y plane). */
    private void paintChroma() {
        int w = width / 2;
        int h = height / 2;
        for (int x = 0; x < w; x++) {
            int band = x * 8 / w;
            byte u = (byte) (64 + band * 16);
            byte v = (byte) (64 + ((band + 3) & 7) * 16);
            for (int y = 0; y < h; y++) {
                cb[y * w + x] = u;
                cr[y * w + x] = v;
            }
        }
    }
}
