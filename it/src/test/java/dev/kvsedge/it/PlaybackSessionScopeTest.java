package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ContainerFormat;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHPlaybackMode;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * A playback session's token opens only what the session's own playlist or manifest can list: an ON_DEMAND or
 * LIVE_REPLAY session its range, a LIVE session what its window held since the session began. A segment URL edited
 * to name another fragment, of the same stream or another, is refused with 403, for HLS (fMP4 and MPEG-TS) and DASH.
 */
class PlaybackSessionScopeTest {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern FRAGMENT_NUMBER = Pattern.compile("FragmentNumber=([0-9]+)");

    static TestServer server;
    static KinesisVideoArchivedMediaClient media;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        media = server.archivedMedia();
        for (String stream : List.of("scoped", "other", "live-scope")) {
            server.client().createStream(r -> r.streamName(stream).dataRetentionInHours(24));
        }
        upload("scoped", 0, 6);
        upload("other", 0, 2);
        upload("live-scope", 0, 5);
    }

    @AfterAll
    static void stop() {
        media.close();
        server.close();
    }

    static void upload(String stream, int first, int count) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(TestMkv.header());
        for (int i = first; i < first + count; i++) {
            parts.add(TestMkv.cluster(T0.toEpochMilli() + i * 1000L, i));
        }
        RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute(stream),
                TestMkv.concat(parts.toArray(byte[][]::new)), count);
    }

    static List<String> numbers(String stream) {
        List<Fragment> fragments = new ArrayList<>(media.listFragments(r -> r.streamName(stream)).fragments());
        fragments.sort(Comparator.comparing(Fragment::producerTimestamp));
        return fragments.stream().map(Fragment::fragmentNumber).toList();
    }

    static int status(URI url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The first segment URL of a playlist or manifest whose FragmentNumber is a fragment's. */
    static URI segment(URI list, String text) {
        Matcher m = Pattern.compile(
                "(get(?:MP4Media|TS)Fragment\\.(?:mp4|ts)\\?FragmentNumber=[0-9]+&(?:amp;)?SessionToken=[^\\s\"]+)")
                .matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return list.resolve(m.group(1).replace("&amp;", "&"));
    }

    static URI withNumber(URI segment, String number) {
        return URI.create(FRAGMENT_NUMBER.matcher(segment.toString()).replaceFirst("FragmentNumber=" + number));
    }

    static URI hlsPlaylist(String master) throws Exception {
        URI masterUri = URI.create(master);
        return HlsFetch.uris(masterUri, HlsFetch.text(masterUri)).getFirst();
    }

    static String onDemandHls(String stream, ContainerFormat container, Instant from, Instant to) {
        return media.getHLSStreamingSessionURL(r -> r.streamName(stream).playbackMode(HLSPlaybackMode.ON_DEMAND)
                .containerFormat(container)
                .hlsFragmentSelector(s -> s.fragmentSelectorType(HLSFragmentSelectorType.PRODUCER_TIMESTAMP)
                        .timestampRange(t -> t.startTimestamp(from).endTimestamp(to))))
                .hlsStreamingSessionURL();
    }

    @Test
    void anOnDemandHlsSessionServesItsRangeAndRefusesEveryOtherFragment() throws Exception {
        List<String> scoped = numbers("scoped");
        List<String> other = numbers("other");
        for (ContainerFormat container : List.of(ContainerFormat.FRAGMENTED_MP4, ContainerFormat.MPEG_TS)) {
            // Two seconds: fragments 1 and 2.
            URI playlist = hlsPlaylist(onDemandHls("scoped", container, T0.plusSeconds(1), T0.plusMillis(2500)));
            String text = HlsFetch.text(playlist);
            assertThat(FRAGMENT_NUMBER.matcher(text).results().map(r -> r.group(1)).toList())
                    .containsExactly(scoped.get(1), scoped.get(2));
            URI listed = segment(playlist, text);
            assertThat(status(listed)).as(container + ": a listed fragment").isEqualTo(200);
            assertThat(status(withNumber(listed, scoped.get(2)))).as(container + ": the other listed one")
                    .isEqualTo(200);
            for (int i : new int[] {0, 3, 5}) {
                assertThat(status(withNumber(listed, scoped.get(i))))
                        .as(container + ": fragment " + i + " of the stream").isEqualTo(403);
            }
            assertThat(status(withNumber(listed, other.getFirst()))).as(container + ": another stream's fragment")
                    .isIn(403, 404);
        }
    }

    @Test
    void anOnDemandDashSessionServesItsRangeAndRefusesEveryOtherFragment() throws Exception {
        List<String> scoped = numbers("scoped");
        URI manifest = URI
                .create(media
                        .getDASHStreamingSessionURL(r -> r.streamName("scoped").playbackMode(DASHPlaybackMode.ON_DEMAND)
                                .dashFragmentSelector(
                                        s -> s.fragmentSelectorType(DASHFragmentSelectorType.PRODUCER_TIMESTAMP)
                                                .timestampRange(t -> t.startTimestamp(T0.plusSeconds(4))
                                                        .endTimestamp(T0.plusSeconds(6)))))
                        .dashStreamingSessionURL());
        URI listed = segment(manifest, HlsFetch.text(manifest));
        assertThat(status(listed)).isEqualTo(200);
        for (int i : new int[] {0, 1, 3}) {
            assertThat(status(withNumber(listed, scoped.get(i)))).as("fragment " + i).isEqualTo(403);
        }
    }

    @Test
    void aLiveSessionServesWhatItsWindowHeldSinceItBeganAndNothingOlder() throws Exception {
        List<String> before = numbers("live-scope");
        URI playlist = hlsPlaylist(media.getHLSStreamingSessionURL(r -> r.streamName("live-scope")
                .playbackMode(HLSPlaybackMode.LIVE).maxMediaPlaylistFragmentResults(2L)).hlsStreamingSessionURL());
        URI listed = segment(playlist, HlsFetch.text(playlist));
        assertThat(status(withNumber(listed, before.get(3)))).as("in the first window").isEqualTo(200);
        assertThat(status(withNumber(listed, before.get(4)))).as("in the first window").isEqualTo(200);
        assertThat(status(withNumber(listed, before.get(0)))).as("the stream's oldest").isEqualTo(403);
        assertThat(status(withNumber(listed, before.get(2)))).as("just before the window").isEqualTo(403);

        upload("live-scope", 5, 3);
        List<String> after = numbers("live-scope");
        HlsFetch.text(playlist); // the window moved on to fragments 6 and 7
        for (int i = 3; i < 8; i++) {
            assertThat(status(withNumber(listed, after.get(i)))).as("fragment " + i + ", held by the window since")
                    .isEqualTo(200);
        }
        assertThat(status(withNumber(listed, after.get(1)))).isEqualTo(403);

        URI manifest = URI.create(media.getDASHStreamingSessionURL(r -> r.streamName("live-scope")
                .playbackMode(DASHPlaybackMode.LIVE).maxManifestFragmentResults(2L)).dashStreamingSessionURL());
        URI dashListed = segment(manifest, HlsFetch.text(manifest));
        assertThat(status(withNumber(dashListed, after.get(7)))).isEqualTo(200);
        assertThat(status(withNumber(dashListed, after.get(5)))).as("before the DASH session's window").isEqualTo(403);
    }
}
