package dev.kvsedge.media.testing;

import java.awt.image.BufferedImage;

/**
 * Reads what the test pattern ({@link TestPattern}) draws: the frame number along the top of every frame, sixteen
 * blocks, bright for a one, most significant bit on the left; an image of another frame reads as another number.
 */
public final class PatternFrames {
    private PatternFrames() {}

    public static int frameNumber(BufferedImage image) {
        int block = Math.max(2, image.getWidth() / 16);
        int y = Math.max(1, image.getHeight() / 12) / 2;
        int number = 0;
        for (int bit = 0; bit < 16; bit++) {
            if (luma(image, (15 - bit) * block + block / 2, y) > 128) {
                number |= 1 << bit;
            }
        }
        return number;
    }

    /** The range of luma under the top row: a blank (one colour) picture has none, the pattern's bars about 120. */
    public static int spread(BufferedImage image) {
        int min = 255;
        int max = 0;
        for (int y = image.getHeight() / 6; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                int luma = luma(image, x, y);
                min = Math.min(min, luma);
                max = Math.max(max, luma);
            }
        }
        return max - min;
    }

    public static int luma(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
    }
}
