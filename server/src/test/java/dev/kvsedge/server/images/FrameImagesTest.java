package dev.kvsedge.server.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.testing.EncodedVideo;
import dev.kvsedge.media.testing.PatternFrames;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decoding stored H.264 into pictures and encoding them as JPEG and PNG, with FFmpeg in this process. */
class FrameImagesTest {
    static final VideoSpec SPEC = new VideoSpec(320, 240, 25, 25, 75);
    private static EncodedVideo video;

    @BeforeAll
    static void encode() {
        video = TestVideo.encode(SPEC);
    }

    static BufferedImage read(byte[] image) throws IOException {
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(image));
        assertThat(read).as("a readable image").isNotNull();
        return read;
    }

    @Test
    void eachFrameAskedForIsTheOneDecodedInAnyOrder() throws IOException {
        List<Frame> gop = video.fragments().get(1); // frames 25 to 49
        ImageSpec png = new ImageSpec(ImageSpec.Format.PNG, 80, 0, 0);
        try (H264Pictures pictures = new H264Pictures(video.track(), gop)) {
            for (int index : new int[] {0, 7, 8, 24, 3, 3, 12}) {
                BufferedImage image = read(ImageEncoder.encode(pictures.picture(index), png));
                assertThat(image.getWidth()).isEqualTo(320);
                assertThat(image.getHeight()).isEqualTo(240);
                assertThat(PatternFrames.frameNumber(image)).as("frame %d of the second GOP", index)
                        .isEqualTo(25 + index);
            }
        }
    }

    @Test
    void jpegQualityTradesSizeForFidelityAndTheSizeFollowsTheAspectRules() throws IOException {
        List<Frame> gop = video.fragments().get(0);
        try (H264Pictures pictures = new H264Pictures(video.track(), gop)) {
            byte[] low = ImageEncoder.encode(pictures.picture(5), new ImageSpec(ImageSpec.Format.JPEG, 10, 0, 0));
            byte[] high = ImageEncoder.encode(pictures.picture(5), new ImageSpec(ImageSpec.Format.JPEG, 95, 0, 0));
            assertThat(low.length).isLessThan(high.length);
            assertThat(PatternFrames.frameNumber(read(high))).isEqualTo(5);

            BufferedImage stretched = read(
                    ImageEncoder.encode(pictures.picture(5), new ImageSpec(ImageSpec.Format.JPEG, 80, 100, 100)));
            assertThat(stretched.getWidth()).isEqualTo(100);
            assertThat(stretched.getHeight()).isEqualTo(100);
            BufferedImage byWidth = read(
                    ImageEncoder.encode(pictures.picture(5), new ImageSpec(ImageSpec.Format.PNG, 80, 160, 0)));
            assertThat(byWidth.getHeight()).isEqualTo(120);
            BufferedImage byHeight = read(
                    ImageEncoder.encode(pictures.picture(5), new ImageSpec(ImageSpec.Format.PNG, 80, 0, 61)));
            assertThat(byHeight.getWidth()).isEqualTo(81);
            assertThat(byHeight.getHeight()).isEqualTo(61);
        }
    }

    @Test
    void theQuantizerFollowsLibjpegsQualityScale() {
        assertThat(ImageEncoder.quantizer(50)).isEqualTo(8);
        assertThat(ImageEncoder.quantizer(100)).isEqualTo(1);
        assertThat(ImageEncoder.quantizer(1)).isEqualTo(31);
        for (int q = 2; q <= 100; q++) {
            assertThat(ImageEncoder.quantizer(q)).isLessThanOrEqualTo(ImageEncoder.quantizer(q - 1));
        }
    }

    @Test
    void damagedMediaIsAPictureExceptionNotACrash() {
        Track track = video.track();
        List<Frame> garbage = List.of(new Frame(1, 0, 0, true, new byte[] {0, 0, 0, 5, 0x65, 1, 2, 3, 4}),
                new Frame(1, 40_000_000, 0, false, new byte[] {0, 0, 0, 2, 0x41, 9}));
        try (H264Pictures pictures = new H264Pictures(track, garbage)) {
            assertThatThrownBy(() -> pictures.picture(1)).isInstanceOf(PictureException.class);
        }
        Track noConfig = new Track(1, Track.VIDEO, Track.H264, new byte[] {1, 2, 3}, 0, 320, 240, 0, 0);
        assertThatThrownBy(() -> {
            try (H264Pictures pictures = new H264Pictures(noConfig, video.fragments().get(0))) {
                pictures.picture(0);
            }
        }).isInstanceOf(PictureException.class);
    }
}
