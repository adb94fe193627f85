package dev.kvsedge.server.images;

import dev.kvsedge.model.ApiException;
import java.util.Map;

/**
 * What an image is made as: JPEG (with its quality, 1 to 100) or PNG, and the size asked for. A size of 0 means
 * "not asked": both 0 keeps the picture's size; one of them 0 keeps the picture's aspect ratio.
 */
record ImageSpec(Format format, int jpegQuality, int width, int height) {
    /** AWS's default JPEGQuality. */
    static final int DEFAULT_QUALITY = 80;

    /**
     * The spec a request asks for: Format, FormatConfig's JPEGQuality (an integer 1 to 100, as text; PNG ignores it)
     * and WidthPixels/HeightPixels (null: not asked).
     *
     * @throws ApiException InvalidArgumentException for a JPEGQuality that is not an integer from 1 to 100
     */
    static ImageSpec of(String format, Map<String, String> formatConfig, Integer width, Integer height) {
        int quality = DEFAULT_QUALITY;
        String asked = formatConfig == null ? null : formatConfig.get("JPEGQuality");
        if (asked != null) {
            try {
                quality = Integer.parseInt(asked);
            } catch (NumberFormatException e) {
                quality = -1;
            }
            if (quality < 1 || quality > 100) {
                throw ApiException
                        .invalidArgument("The FormatConfig JPEGQuality must be an integer from 1 to 100, not '"
                                + asked + "'.");
            }
        }
        Format kind = Format.valueOf(format);
        return new ImageSpec(kind, kind == Format.JPEG ? quality : 0, width == null ? 0 : width,
                height == null ? 0 : height);
    }

    enum Format {
        JPEG("image/jpeg", "jpg"), PNG("image/png", "png");

        final String contentType;
        final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }
    }

    /** The size of the image made from a picture of {@code pictureWidth} x {@code pictureHeight}. */
    int[] sizeFor(int pictureWidth, int pictureHeight) {
        if (width > 0 && height > 0) {
            return new int[] {width, height}; // stretched to the size asked for, as AWS does
        }
        if (width > 0) {
            return new int[] {width, Math.max(1, (int) Math.round((double) width * pictureHeight / pictureWidth))};
        }
        if (height > 0) {
            return new int[] {Math.max(1, (int) Math.round((double) height * pictureWidth / pictureHeight)), height};
        }
        return new int[] {pictureWidth, pictureHeight};
    }
}
