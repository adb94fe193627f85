package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.media.testing.PatternFrames;
import dev.kvsedge.server.DeliveryConfig;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.blob.S3ProxyServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ConfigurationStatus;
import software.amazon.awssdk.services.kinesisvideo.model.Format;
import software.amazon.awssdk.services.kinesisvideo.model.FormatConfigKey;
import software.amazon.awssdk.services.kinesisvideo.model.ImageGenerationConfiguration;
import software.amazon.awssdk.services.kinesisvideo.model.ImageSelectorType;
import software.amazon.awssdk.services.kinesisvideo.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideo.model.NoDataRetentionException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Image generation through the unmodified SDK for Java v2: configured with UpdateImageGenerationConfiguration,
 * images of the media ingested afterwards are written to an S3-compatible bucket (S3Proxy, which checks every
 * signature) under the keys AWS documents, and read back with the SDK's S3 client.
 */
class ImageGenerationTest {
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final Pattern KEY = Pattern
            .compile("thumbs/123456789012_(?<stream>[^_]+)_(?<time>[0-9]+)_[0-9a-f-]{36}\\.jpg");

    static S3ProxyServer s3;
    static TestServer server;
    static KinesisVideoClient kvs;
    static S3Client bucket;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer("images");
        server = TestServer
                .start(ServerConfig.defaults().withDelivery(DeliveryConfig.NONE.withS3(new DeliveryConfig.S3Access(
                        s3.endpoint(), S3ProxyServer.REGION, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))));
        kvs = server.client();
        bucket = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY,
                                S3ProxyServer.SECRET_KEY)))
                // S3Proxy answers 501 to the checksum headers the SDK adds by default.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    @AfterAll
    static void stop() {
        bucket.close();
        kvs.close();
        server.close();
        s3.close();
    }

    static ImageGenerationConfiguration.Builder config(String uri) {
        return ImageGenerationConfiguration.builder().status(ConfigurationStatus.ENABLED)
                .imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP)
                .destinationConfig(d -> d.uri(uri).destinationRegion("us-east-1")).samplingInterval(500)
                .format(Format.JPEG)
                .formatConfig(Map.of(FormatConfigKey.JPEG_QUALITY, "85")).widthPixels(320);
    }

    static void upload(String stream, int first, int count) {
        long[] timecodes = new long[count];
        for (int i = 0; i < count; i++) {
            timecodes[i] = T0.toEpochMilli() + (first + i) * 1000L;
        }
        RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute(stream), TestMkv.stream(timecodes), count);
    }

    static List<S3Object> objects(String stream) {
        return bucket.listObjectsV2Paginator(r -> r.bucket("images").prefix("thumbs/123456789012_" + stream + "_"))
                .contents()
                .stream().sorted(Comparator.comparing(S3Object::key)).toList();
    }

    @Test
    void imagesOfTheMediaIngestedAfterTheUpdateAreWrittenAtEachSampleTimeAsAwsNamesThem() throws IOException {
        kvs.createStream(r -> r.streamName("generated").dataRetentionInHours(24));
        upload("generated", 0, 1); // before the configuration: no image of it
        ImageGenerationConfiguration asked = config("s3://images/thumbs").build();
        kvs.updateImageGenerationConfiguration(r -> r.streamName("generated").imageGenerationConfiguration(asked));
        assertThat(
                kvs.describeImageGenerationConfiguration(r -> r.streamName("generated")).imageGenerationConfiguration())
                .isEqualTo(asked);
        upload("generated", 1, 2);
        server.server.sweepDeliveries();

        List<S3Object> written = objects("generated");
        assertThat(written).hasSize(4); // two fragments, an image each 500 ms
        assertThat(written).extracting(o -> timeOf(o.key())).containsExactly(T0.plusMillis(1000).toEpochMilli(),
                T0.plusMillis(1500).toEpochMilli(), T0.plusMillis(2000).toEpochMilli(),
                T0.plusMillis(2500).toEpochMilli());
        for (S3Object object : written) {
            ResponseBytes<GetObjectResponse> image = bucket.getObjectAsBytes(r -> r.bucket("images").key(object.key()));
            assertThat(image.response().contentType()).isEqualTo("image/jpeg");
            assertThat(image.response().metadata()).containsKeys("aws_kinesisvideo_fragment_number",
                    "aws_kinesisvideo_server_timestamp");
            long time = timeOf(object.key());
            assertThat(image.response().metadata().get("aws_kinesisvideo_producer_timestamp"))
                    .isEqualTo(Long.toString(time - time % 1000));
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(image.asByteArrayUnsafe()));
            assertThat(picture.getWidth()).isEqualTo(320);
            assertThat(picture.getHeight()).isEqualTo(240); // WidthPixels alone keeps the aspect ratio
            // The upload's GOP i was stamped T0 + (1 + i) s; its frames are 100 ms apart.
            long millis = time - T0.toEpochMilli();
            int frame = (int) (millis / 1000 - 1) * TestMkv.FRAMES_PER_FRAGMENT + (int) (millis % 1000 / 100);
            assertThat(PatternFrames.frameNumber(picture)).as("the frame at %d ms", millis).isEqualTo(frame);
        }

        // A later sweep writes nothing again: what was delivered is remembered.
        assertThat(server.server.sweepDeliveries()).isZero();
        assertThat(objects("generated")).hasSize(4);
    }

    @Test
    void aDisabledOrRemovedConfigurationWritesNothing() {
        kvs.createStream(r -> r.streamName("quiet").dataRetentionInHours(24));
        kvs.updateImageGenerationConfiguration(r -> r.streamName("quiet").imageGenerationConfiguration(
                config("s3://images/thumbs").status(ConfigurationStatus.DISABLED).build()));
        upload("quiet", 0, 1);
        server.server.sweepDeliveries();
        assertThat(objects("quiet")).isEmpty();
        kvs.updateImageGenerationConfiguration(r -> r.streamName("quiet"));
        assertThat(kvs.describeImageGenerationConfiguration(r -> r.streamName("quiet")).imageGenerationConfiguration())
                .isNull();
    }

    @Test
    void theConfigurationIsCheckedAsAwsChecksIt() {
        kvs.createStream(r -> r.streamName("checked").dataRetentionInHours(24));
        assertThatThrownBy(() -> kvs.updateImageGenerationConfiguration(r -> r.streamName("checked")
                .imageGenerationConfiguration(config("s3://images").destinationConfig(d -> d.uri("s3://images")
                        .destinationRegion("eu-west-1")).build())))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> kvs.updateImageGenerationConfiguration(r -> r.streamName("checked")
                .imageGenerationConfiguration(config("https://images.example.com/x").build())))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> kvs.updateImageGenerationConfiguration(r -> r.streamName("checked")
                .imageGenerationConfiguration(config("s3://images").samplingInterval(100).build())))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> kvs.updateImageGenerationConfiguration(r -> r.streamName("checked")
                .imageGenerationConfiguration(
                        config("s3://images").formatConfig(Map.of(FormatConfigKey.JPEG_QUALITY, "0")).build())))
                .isInstanceOf(InvalidArgumentException.class);
        kvs.createStream(r -> r.streamName("keeps-nothing"));
        assertThatThrownBy(() -> kvs.updateImageGenerationConfiguration(r -> r.streamName("keeps-nothing")
                .imageGenerationConfiguration(config("s3://images").build())))
                .isInstanceOf(NoDataRetentionException.class);
        assertThatThrownBy(() -> kvs.describeImageGenerationConfiguration(r -> r.streamName("no-such-stream")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(
                kvs.describeImageGenerationConfiguration(r -> r.streamName("checked")).imageGenerationConfiguration())
                .isNull();
    }

    static long timeOf(String key) {
        Matcher m = KEY.matcher(key);
        assertThat(m.matches()).as("key %s", key).isTrue();
        return Long.parseLong(m.group("time"));
    }
}
