package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.kinesisvideo.model.AckEvent;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.kinesisvideo.model.APIName;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ContainerFormat;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetClipResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetMediaForFragmentListResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * The data plane's promise, with independent clients: media uploaded by AWS's own v1 PutMedia producer comes back
 * byte-exact (the clusters' frames) through the SDK v2 archived-media client, and plays as MP4 and HLS when FFmpeg
 * decodes it. Run once per media store by the subclasses.
 */
abstract class DataPlaneRoundTripContract {
    static final VideoSpec SPEC = VideoSpec.of(320, 240, 25, 25, Duration.ofSeconds(6));
    static final Instant RECORDED = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    static Path dir;
    static TestServer server;
    static byte[] uploaded;
    static V1PutMedia.Result result;

    /** Starts once per subclass, before its tests. */
    static void uploadTo(TestServer started) throws Exception {
        server = started;
        server.client().createStream(r -> r.streamName("cam").dataRetentionInHours(24));
        uploaded = Files.readAllBytes(TestVideo.writeMkv(dir.resolve("in.mkv"), SPEC));
        URI putMedia = URI.create(server.client().getDataEndpoint(r -> r.streamName("cam").apiName(APIName.PUT_MEDIA))
                .dataEndpoint());
        result = V1PutMedia.upload(putMedia, "cam", RECORDED, new java.io.ByteArrayInputStream(uploaded),
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        server.close();
        server = null;
    }

    @Test
    void everyFragmentIsBufferedReceivedAndPersistedInOrder() {
        assertThat(result.failure()).isNull();
        int clusters = MkvTestClusters.payloads(uploaded).size();
        assertThat(clusters).isEqualTo(6);
        List<AckEvent> persisted = result.ofType("PERSISTED");
        assertThat(persisted).hasSize(clusters);
        assertThat(result.ofType("BUFFERING")).hasSize(clusters);
        assertThat(result.ofType("RECEIVED")).hasSize(clusters);
        assertThat(result.ofType("ERROR")).isEmpty();
        List<Long> numbers = persisted.stream().map(a -> Long.parseLong(a.getFragmentNumber())).toList();
        assertThat(numbers).isSorted().doesNotHaveDuplicates();
        // each fragment's acks come in order: BUFFERING, RECEIVED, PERSISTED
        for (AckEvent p : persisted) {
            List<String> forThis = result.acks().stream()
                    .filter(a -> p.getFragmentTimecode().equals(a.getFragmentTimecode()))
                    .map(a -> a.getAckEventType().toString()).toList();
            assertThat(forThis).containsExactly("BUFFERING", "RECEIVED", "PERSISTED");
        }
    }

    @Test
    void listFragmentsFindsThemAtTheirRecordingTime() {
        try (KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
            List<Fragment> fragments = new ArrayList<>(media
                    .listFragments(r -> r.streamName("cam").fragmentSelector(s -> s
                            .fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP)
                            .timestampRange(t -> t.startTimestamp(RECORDED).endTimestamp(RECORDED.plusSeconds(60)))))
                    .fragments());
            assertThat(fragments).hasSize(6);
            fragments.sort(java.util.Comparator.comparing(Fragment::producerTimestamp));
            for (int i = 0; i < fragments.size(); i++) {
                Fragment f = fragments.get(i);
                assertThat(f.producerTimestamp()).isEqualTo(RECORDED.plusSeconds(i));
                assertThat(f.fragmentLengthInMilliseconds()).isEqualTo(1000L);
                assertThat(f.fragmentSizeInBytes()).isPositive();
                assertThat(f.serverTimestamp()).isAfter(RECORDED);
            }
            // paging: two at a time, nothing lost, nothing twice
            List<String> paged = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                var page = media.listFragments(r -> r.streamName("cam").maxResults(2L).nextToken(next));
                page.fragments().forEach(f -> paged.add(f.fragmentNumber()));
                token = page.nextToken();
            } while (token != null);
            assertThat(paged)
                    .containsExactlyInAnyOrderElementsOf(fragments.stream().map(Fragment::fragmentNumber).toList());
        }
    }

    @Test
    void getMediaForFragmentListReturnsTheUploadedClustersByteExact() {
        try (KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
            List<String> numbers = result.ofType("PERSISTED").stream().map(AckEvent::getFragmentNumber).toList();
            ResponseBytes<GetMediaForFragmentListResponse> mkv = media
                    .getMediaForFragmentListAsBytes(r -> r.streamName("cam")
                            .fragments(numbers));
            assertThat(MkvTestClusters.payloads(mkv.asByteArray()))
                    .containsExactlyElementsOf(MkvTestClusters.payloads(uploaded));
            Probe.Result probe = Probe.bytes(mkv.asByteArray(), ".mkv");
            assertThat(probe.video().decodedFrames()).isEqualTo(SPEC.frameCount());
            assertThat(probe.video().decodeErrors()).isZero();
        }
    }

    @Test
    void getClipIsAnMp4ThatDecodesWithTheRightDuration() {
        try (KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
            ResponseBytes<GetClipResponse> clip = media.getClipAsBytes(r -> r.streamName("cam")
                    .clipFragmentSelector(s -> s
                            .fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                            .timestampRange(t -> t.startTimestamp(RECORDED).endTimestamp(RECORDED.plusSeconds(60)))));
            assertThat(clip.response().contentType()).isEqualTo("video/mp4");
            Probe.Result probe = Probe.bytes(clip.asByteArray(), ".mp4");
            assertThat(probe.formatName()).contains("mp4");
            assertThat(probe.video().codecName()).isEqualTo("h264");
            assertThat(probe.video().width()).isEqualTo(320);
            assertThat(probe.video().decodedFrames()).isEqualTo(SPEC.frameCount());
            assertThat(probe.video().decodeErrors()).isZero();
            assertThat(probe.video().ptsSpan()).isCloseTo(6.0 - 0.04, within(0.05));
        }
    }

    @Test
    void hlsOnDemandPlaysEveryFrameInBothContainers() throws Exception {
        for (ContainerFormat format : List.of(ContainerFormat.FRAGMENTED_MP4, ContainerFormat.MPEG_TS)) {
            String url;
            try (KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
                url = media.getHLSStreamingSessionURL(r -> r.streamName("cam").playbackMode(HLSPlaybackMode.ON_DEMAND)
                        .containerFormat(format).hlsFragmentSelector(s -> s
                                .fragmentSelectorType(HLSFragmentSelectorType.PRODUCER_TIMESTAMP)
                                .timestampRange(
                                        t -> t.startTimestamp(RECORDED).endTimestamp(RECORDED.plusSeconds(60)))))
                        .hlsStreamingSessionURL();
            }
            byte[] joined = HlsFetch.concatenate(URI.create(url));
            Probe.Result probe = Probe.bytes(joined, format == ContainerFormat.MPEG_TS ? ".ts" : ".mp4");
            assertThat(probe.video().decodedFrames()).as(format.toString()).isEqualTo(SPEC.frameCount());
            assertThat(probe.video().decodeErrors()).as(format.toString()).isZero();
        }
    }
}
