package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSDisplayFragmentTimestamp;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * DisplayFragmentTimestamp ALWAYS puts each fragment's start time in the HLS media playlist as
 * EXT-X-PROGRAM-DATE-TIME (on the time line of the session's fragment selector), so a player shows wall-clock
 * time; NEVER, AWS's default, leaves it out.
 */
class HlsProgramDateTimeTest {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

    static TestServer server;
    static KinesisVideoArchivedMediaClient media;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        media = server.archivedMedia();
        server.client().createStream(r -> r.streamName("dated").dataRetentionInHours(24));
        byte[] mkv = TestMkv.concat(TestMkv.header(), TestMkv.cluster(T0.toEpochMilli(), 0),
                TestMkv.cluster(T0.toEpochMilli() + 1000, 1), TestMkv.cluster(T0.toEpochMilli() + 2000, 2));
        RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute("dated"), mkv, 3);
    }

    @AfterAll
    static void stop() {
        media.close();
        server.close();
    }

    static List<String> programDateTimes(HLSFragmentSelectorType selector, HLSDisplayFragmentTimestamp display)
            throws Exception {
        // Every fragment, by its recording time (T0 on) or by when the server received it (just now).
        Instant from = selector == HLSFragmentSelectorType.PRODUCER_TIMESTAMP
                ? T0.minusSeconds(60)
                : Instant.now().minusSeconds(3600);
        String master = media
                .getHLSStreamingSessionURL(r -> r.streamName("dated").playbackMode(HLSPlaybackMode.ON_DEMAND)
                        .displayFragmentTimestamp(display).hlsFragmentSelector(s -> s.fragmentSelectorType(selector)
                                .timestampRange(t -> t.startTimestamp(from).endTimestamp(from.plusSeconds(7200)))))
                .hlsStreamingSessionURL();
        URI playlist = HlsFetch.uris(URI.create(master), HlsFetch.text(URI.create(master))).getFirst();
        return HlsFetch.text(playlist).lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:"))
                .map(l -> l.substring("#EXT-X-PROGRAM-DATE-TIME:".length())).toList();
    }

    static List<Fragment> fragments() {
        return media.listFragments(r -> r.streamName("dated")).fragments().stream()
                .sorted(Comparator.comparing(Fragment::producerTimestamp)).toList();
    }

    @Test
    void alwaysGivesEachFragmentsProducerStartTimeWithMilliseconds() throws Exception {
        assertThat(programDateTimes(HLSFragmentSelectorType.PRODUCER_TIMESTAMP, HLSDisplayFragmentTimestamp.ALWAYS))
                .containsExactly("2026-11-21T08:00:00.000Z", "2026-11-21T08:00:01.000Z", "2026-11-21T08:00:02.000Z");
    }

    @Test
    void onTheServersTimeLineTheTimesAreWhenTheServerReceivedEachFragment() throws Exception {
        List<Instant> received = fragments().stream().map(Fragment::serverTimestamp).sorted().toList();

        List<Instant> shown = programDateTimes(HLSFragmentSelectorType.SERVER_TIMESTAMP,
                HLSDisplayFragmentTimestamp.ALWAYS)
                .stream().map(Instant::parse).toList();

        assertThat(shown).containsExactlyElementsOf(received);
    }

    @Test
    void neverAndTheDefaultLeaveTheTimesOut() throws Exception {
        assertThat(programDateTimes(HLSFragmentSelectorType.PRODUCER_TIMESTAMP, HLSDisplayFragmentTimestamp.NEVER))
                .isEmpty();
        assertThat(programDateTimes(HLSFragmentSelectorType.PRODUCER_TIMESTAMP, null)).isEmpty();
    }
}
