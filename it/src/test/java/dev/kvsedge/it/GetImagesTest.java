package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.testing.PatternFrames;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Format;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FormatConfigKey;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetImagesRequest;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetImagesResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Image;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageError;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.NoDataRetentionException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ResourceNotFoundException;

/**
 * GetImages through the unmodified SDK for Java v2 (kinesisvideoarchivedmedia): images of real H.264 uploaded with
 * PutMedia. The test video draws its frame number along the top of every frame, so each image says which frame it
 * was made from: the one shown at its sample time.
 */
class GetImagesTest {
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final int FRAMES_PER_FRAGMENT = TestMkv.FRAMES_PER_FRAGMENT; // 10 frames, 100 ms apart, per 1 s fragment

    static TestServer server;
    static KinesisVideoArchivedMediaClient media;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        media = server.archivedMedia();
        create("cam", 24);
        upload("cam", TestMkv.track(), 3);
    }

    @AfterAll
    static void stop() {
        media.close();
        server.close();
    }

    static void create(String stream, int retentionHours) {
        server.client().createStream(r -> r.streamName(stream).dataRetentionInHours(retentionHours));
    }

    /** Uploads {@code count} one-second fragments, GOP i at T0 + i s, of the test video's track or another. */
    static void upload(String stream, Track track, int count) {
        byte[][] parts = new byte[count + 1][];
        parts[0] = TestMkv.header(track);
        for (int i = 0; i < count; i++) {
            parts[i + 1] = TestMkv.cluster(T0.toEpochMilli() + i * 1000L, i);
        }
        RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute(stream), TestMkv.concat(parts), count);
    }

    static GetImagesRequest.Builder request(String stream, Instant from, Instant to, int intervalMillis,
            Format format) {
        return GetImagesRequest.builder().streamName(stream).imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP)
                .startTimestamp(from).endTimestamp(to).samplingInterval(intervalMillis).format(format);
    }

    static BufferedImage picture(Image image) {
        assertThat(image.error()).as("error of the image at %s", image.timeStamp()).isNull();
        try {
            BufferedImage read = ImageIO
                    .read(new ByteArrayInputStream(Base64.getDecoder().decode(image.imageContent())));
            assertThat(read).as("a readable image at %s", image.timeStamp()).isNotNull();
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The frame the video shows at {@code millis} after T0: GOP i (frames 10i..10i+9 of the test video) from i s. */
    static int frameShownAt(long millis) {
        int fragment = (int) (millis / 1000);
        return (fragment % 4) * FRAMES_PER_FRAGMENT + (int) (millis % 1000 / 100);
    }

    @Test
    void eachSampleTimeGetsThePngOfTheFrameShownThenAndTimesWithoutMediaAreNoMedia() {
        GetImagesResponse response = media
                .getImages(request("cam", T0.minusMillis(400), T0.plusMillis(3300), 300, Format.PNG).build());
        List<Image> images = response.images();
        assertThat(images).hasSize(13); // -400 ms to 3200 ms, 300 ms apart
        assertThat(response.nextToken()).isNull();
        for (int i = 0; i < images.size(); i++) {
            long offset = -400 + 300L * i;
            Image image = images.get(i);
            assertThat(image.timeStamp()).isEqualTo(T0.plusMillis(offset));
            if (offset < 0 || offset >= 3000) {
                assertThat(image.error()).as("at %d ms", offset).isEqualTo(ImageError.NO_MEDIA);
                assertThat(image.imageContent()).isNull();
            } else {
                BufferedImage picture = picture(image);
                assertThat(picture.getWidth()).isEqualTo(160);
                assertThat(picture.getHeight()).isEqualTo(120);
                assertThat(PatternFrames.frameNumber(picture)).as("frame at %d ms", offset)
                        .isEqualTo(frameShownAt(offset));
                assertThat(PatternFrames.spread(picture)).as("a picture, not a blank").isGreaterThan(40);
            }
        }
    }

    @Test
    void jpegQualityAndTheAspectRatioRulesShapeTheImage() {
        Instant at = T0.plusMillis(1500);
        Image stretched = media.getImages(request("cam", at, at, 1000, Format.JPEG).widthPixels(64).heightPixels(64)
                .formatConfig(Map.of(FormatConfigKey.JPEG_QUALITY, "90")).build()).images().getFirst();
        BufferedImage square = picture(stretched);
        assertThat(square.getWidth()).isEqualTo(64);
        assertThat(square.getHeight()).isEqualTo(64);

        BufferedImage byWidth = picture(
                media.getImages(request("cam", at, at, 1000, Format.JPEG).widthPixels(80).build())
                        .images().getFirst());
        assertThat(byWidth.getWidth()).isEqualTo(80);
        assertThat(byWidth.getHeight()).isEqualTo(60);
        BufferedImage byHeight = picture(
                media.getImages(request("cam", at, at, 1000, Format.PNG).heightPixels(240).build())
                        .images().getFirst());
        assertThat(byHeight.getWidth()).isEqualTo(320);
        assertThat(PatternFrames.frameNumber(byHeight)).isEqualTo(frameShownAt(1500));

        int low = media.getImages(
                request("cam", at, at, 1000, Format.JPEG).formatConfig(Map.of(FormatConfigKey.JPEG_QUALITY, "5"))
                        .build())
                .images().getFirst().imageContent().length();
        int high = media.getImages(
                request("cam", at, at, 1000, Format.JPEG).formatConfig(Map.of(FormatConfigKey.JPEG_QUALITY, "100"))
                        .build())
                .images().getFirst().imageContent().length();
        assertThat(low).isLessThan(high);
    }

    @Test
    void pagesHoldAtMostTwentyFiveImagesAndTheTokenResumesWhereTheLastStopped() {
        GetImagesRequest all = request("cam", T0, T0.plusMillis(5800), 200, Format.JPEG).maxResults(100L).build();
        GetImagesResponse first = media.getImages(all);
        assertThat(first.images()).hasSize(25);
        assertThat(first.nextToken()).isNotBlank();
        GetImagesResponse second = media.getImages(all.toBuilder().nextToken(first.nextToken()).build());
        assertThat(second.images()).hasSize(5);
        assertThat(second.nextToken()).isNull();
        assertThat(second.images().getFirst().timeStamp()).isEqualTo(T0.plusMillis(5000));

        List<Image> paged = media.getImagesPaginator(all.toBuilder().maxResults(7L).build()).images().stream().toList();
        assertThat(paged).hasSize(30);
        for (int i = 0; i < paged.size(); i++) {
            if (i < 15) {
                assertThat(PatternFrames.frameNumber(picture(paged.get(i)))).isEqualTo(frameShownAt(200L * i));
            } else {
                assertThat(paged.get(i).error()).isEqualTo(ImageError.NO_MEDIA);
            }
        }
        // The same images asked again come back the same (from the cache).
        assertThat(media.getImages(all).images().get(3).imageContent()).isEqualTo(first.images().get(3).imageContent());
        assertThatThrownBy(
                () -> media.getImages(all.toBuilder().samplingInterval(300).nextToken(first.nextToken()).build()))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void serverTimestampsSelectByWhenTheServerReceivedTheMedia() {
        create("server-time", 24);
        upload("server-time", TestMkv.track(), 1); // one fragment: its server time span is its own
        Instant received = RecordedFragments.of(media, "server-time").getFirst().serverTimestamp();
        List<Image> images = media
                .getImages(request("server-time", received, received.plusMillis(1300), 300, Format.PNG)
                        .imageSelectorType(ImageSelectorType.SERVER_TIMESTAMP).build())
                .images();
        assertThat(images).hasSize(5);
        assertThat(PatternFrames.frameNumber(picture(images.get(0)))).isEqualTo(0);
        assertThat(PatternFrames.frameNumber(picture(images.get(1)))).isEqualTo(3);
        assertThat(PatternFrames.frameNumber(picture(images.get(3)))).isEqualTo(9);
        assertThat(images.get(4).error()).isEqualTo(ImageError.NO_MEDIA); // 1200 ms: past the fragment's second
        // By producer time the same fragment is at T0.
        assertThat(
                media.getImages(request("server-time", received, received, 500, Format.PNG).build()).images().getFirst()
                        .error())
                .isEqualTo(ImageError.NO_MEDIA);
    }

    @Test
    void mediaThatIsNotH264IsAMediaErrorPerImage() {
        create("hevc-cam", 24);
        Track t = TestMkv.track();
        upload("hevc-cam", new Track(t.number(), t.type(), TestMkv.HEVC, t.codecPrivate(), t.defaultDurationNanos(),
                t.width(), t.height(), 0, 0), 1);
        List<Image> images = media.getImages(request("hevc-cam", T0, T0.plusMillis(1500), 500, Format.JPEG).build())
                .images();
        assertThat(images).extracting(Image::error).containsExactly(ImageError.MEDIA_ERROR, ImageError.MEDIA_ERROR,
                ImageError.NO_MEDIA, ImageError.NO_MEDIA);
    }

    @Test
    void awsLimitsAndErrors() {
        assertThatThrownBy(
                () -> media.getImages(request("cam", T0, T0.plus(Duration.ofSeconds(301)), 1000, Format.JPEG).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("300 seconds");
        assertThat(media.getImages(request("cam", T0, T0.plus(Duration.ofSeconds(300)), 100_000, Format.JPEG).build())
                .images())
                .hasSize(4);
        assertThatThrownBy(() -> media.getImages(request("cam", T0, T0.plusSeconds(1), 199, Format.JPEG).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("SamplingInterval");
        assertThatThrownBy(() -> media.getImages(request("cam", T0.plusSeconds(1), T0, 1000, Format.JPEG).build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> media.getImages(request("cam", T0, T0, 1000, Format.JPEG)
                .formatConfig(Map.of(FormatConfigKey.JPEG_QUALITY, "101")).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("JPEGQuality");
        assertThatThrownBy(() -> media.getImages(request("nowhere", T0, T0, 1000, Format.JPEG).build()))
                .isInstanceOf(ResourceNotFoundException.class);
        create("kept-nothing", 0);
        assertThatThrownBy(() -> media.getImages(request("kept-nothing", T0, T0, 1000, Format.JPEG).build()))
                .isInstanceOf(NoDataRetentionException.class);
        // Without SamplingInterval, images are 3 s apart.
        assertThat(media.getImages(
                GetImagesRequest.builder().streamName("cam").imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP)
                        .startTimestamp(T0).endTimestamp(T0.plusSeconds(7)).format(Format.JPEG).build())
                .images())
                .extracting(Image::timeStamp).containsExactly(T0, T0.plusSeconds(3), T0.plusSeconds(6));
    }
}
