package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.server.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHPlaybackMode;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidCodecPrivateDataException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ListFragmentsResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.MissingCodecPrivateDataException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.NoDataRetentionException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.UnsupportedStreamMediaTypeException;

/**
 * The playback operations' refusals and their less travelled paths: empty ranges, streams that keep nothing,
 * media that cannot be played (not H.264, no or broken codec private data), expired and forged session tokens,
 * LIVE playlists that move with the stream, DASH manifests that a parser reads and whose segments decode, and
 * ListFragments by server time and with bad NextTokens. The server runs on a clock the test moves.
 */
class PlaybackErrorsTest {
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static MutableClock clock;
    static TestServer server;
    static KinesisVideoArchivedMediaClient media;

    @BeforeAll
    static void start() {
        clock = MutableClock.startingNow();
        server = TestServer.start(clock, TestServer.newDataDir());
        media = server.archivedMedia();
        create("pb", 24);
        upload("pb", TestMkv.track(), 0, 3);
    }

    @AfterAll
    static void stop() {
        media.close();
        server.close();
    }

    static void create(String stream, int retentionHours) {
        server.client().createStream(r -> r.streamName(stream).dataRetentionInHours(retentionHours));
    }

    /** Uploads {@code count} one-second fragments with the track, the first at T0 + {@code first} s. */
    static void upload(String stream, Track track, int first, int count) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(TestMkv.header(track));
        for (int i = first; i < first + count; i++) {
            parts.add(TestMkv.cluster(T0.toEpochMilli() + i * 1000L, i));
        }
        RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute(stream),
                TestMkv.concat(parts.toArray(byte[][]::new)), count);
    }

    static Track withCodec(String codecId, byte[] codecPrivate) {
        Track t = TestMkv.track();
        return new Track(t.number(), t.type(), codecId, codecPrivate, t.defaultDurationNanos(), t.width(), t.height(),
                0, 0);
    }

    static void clip(String stream, Instant from, Instant to) {
        media.getClipAsBytes(r -> r.streamName(stream).clipFragmentSelector(s -> s
                .fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                .timestampRange(t -> t.startTimestamp(from).endTimestamp(to))));
    }

    static String hls(String stream, Instant from, Instant to) {
        return media.getHLSStreamingSessionURL(r -> r.streamName(stream).playbackMode(HLSPlaybackMode.ON_DEMAND)
                .hlsFragmentSelector(s -> s.fragmentSelectorType(HLSFragmentSelectorType.PRODUCER_TIMESTAMP)
                        .timestampRange(t -> t.startTimestamp(from).endTimestamp(to))))
                .hlsStreamingSessionURL();
    }

    static String dash(String stream, Instant from, Instant to) {
        return media.getDASHStreamingSessionURL(r -> r.streamName(stream).playbackMode(DASHPlaybackMode.ON_DEMAND)
                .dashFragmentSelector(s -> s.fragmentSelectorType(DASHFragmentSelectorType.PRODUCER_TIMESTAMP)
                        .timestampRange(t -> t.startTimestamp(from).endTimestamp(to))))
                .dashStreamingSessionURL();
    }

    /** Every playback entry point refuses the stream's media over the range with the same modeled error. */
    static void allRefuse(String stream, Instant from, Instant to, Class<? extends Throwable> error) {
        assertThatThrownBy(() -> clip(stream, from, to)).as("GetClip").isInstanceOf(error);
        assertThatThrownBy(() -> hls(stream, from, to)).as("GetHLSStreamingSessionURL").isInstanceOf(error);
        assertThatThrownBy(() -> dash(stream, from, to)).as("GetDASHStreamingSessionURL").isInstanceOf(error);
    }

    @Test
    void aRangeWithoutFragmentsIsNotFound() {
        allRefuse("pb", T0.plusSeconds(3600), T0.plusSeconds(7200), ResourceNotFoundException.class);
        create("empty", 24);
        assertThatThrownBy(
                () -> media.getHLSStreamingSessionURL(r -> r.streamName("empty").playbackMode(HLSPlaybackMode.LIVE)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aStreamThatKeepsNoMediaHasNoDataRetention() {
        create("no-retention", 0);
        allRefuse("no-retention", T0, T0.plusSeconds(60), NoDataRetentionException.class);
    }

    @Test
    void mediaThatIsNotH264IsAnUnsupportedMediaType() {
        create("hevc", 24);
        upload("hevc", withCodec(TestMkv.HEVC, TestMkv.track().codecPrivate()), 0, 2);
        allRefuse("hevc", T0, T0.plusSeconds(60), UnsupportedStreamMediaTypeException.class);
    }

    @Test
    void h264WithoutCodecPrivateDataCannotBePlayed() {
        create("no-cpd", 24);
        upload("no-cpd", withCodec(Track.H264, new byte[0]), 0, 2);
        allRefuse("no-cpd", T0, T0.plusSeconds(60), MissingCodecPrivateDataException.class);
    }

    @Test
    void h264WithBrokenCodecPrivateDataCannotBePlayed() {
        create("bad-cpd", 24);
        upload("bad-cpd", withCodec(Track.H264, new byte[] {1, 2, 3}), 0, 2);
        allRefuse("bad-cpd", T0, T0.plusSeconds(60), InvalidCodecPrivateDataException.class);
    }

    record Answer(int status, String errorType, String body) {}

    static Answer get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                response.body());
    }

    static void assertRefused(String url, String why) throws Exception {
        Answer answer = get(url);
        assertThat(answer.status()).as(why + ": " + answer).isBetween(400, 499);
        assertThat(answer.errorType()).as(why).isNotBlank();
    }

    @Test
    void anExpiredOrForgedSessionTokenIsRefused() throws Exception {
        String master = media.getHLSStreamingSessionURL(r -> r.streamName("pb").playbackMode(HLSPlaybackMode.ON_DEMAND)
                .expires(300)
                .hlsFragmentSelector(s -> s.fragmentSelectorType(HLSFragmentSelectorType.PRODUCER_TIMESTAMP)
                        .timestampRange(t -> t.startTimestamp(T0).endTimestamp(T0.plusSeconds(60)))))
                .hlsStreamingSessionURL();
        String dashUrl = dash("pb", T0, T0.plusSeconds(60));
        URI masterUri = URI.create(master);
        URI playlist = HlsFetch.uris(masterUri, HlsFetch.text(masterUri)).getFirst();
        List<URI> segments = HlsFetch.uris(playlist, HlsFetch.text(playlist));
        assertThat(segments).hasSize(4); // the init segment and three fragments
        String token = master.substring(master.indexOf("SessionToken=") + "SessionToken=".length());

        // Tampered: one character of the sealed token changed.
        char flipped = token.charAt(10) == 'A' ? 'B' : 'A';
        String forged = token.substring(0, 10) + flipped + token.substring(11);
        assertRefused(master.replace(token, forged), "a tampered token");
        assertRefused(master.replace(token, "bm90LWEtdG9rZW4"), "a token the server never issued");
        assertRefused(master.substring(0, master.indexOf('?')), "no token");
        // A DASH session's token opens no HLS playlist.
        String dashToken = dashUrl.substring(dashUrl.indexOf("SessionToken=") + "SessionToken=".length());
        assertRefused(master.replace(token, dashToken), "a DASH token on an HLS URL");

        // Expired: 300 s later nothing of the session is served any more.
        clock.advance(Duration.ofSeconds(301));
        assertRefused(master, "an expired master playlist");
        assertRefused(playlist.toString(), "an expired media playlist");
        assertRefused(segments.get(1).toString(), "an expired segment");
    }

    @Test
    void aLivePlaylistListsTheNewestFragmentsAndItsMediaSequenceGrows() throws Exception {
        create("live", 24);
        upload("live", TestMkv.track(), 0, 3);
        String master = media.getHLSStreamingSessionURL(r -> r.streamName("live").playbackMode(HLSPlaybackMode.LIVE)
                .maxMediaPlaylistFragmentResults(2L)).hlsStreamingSessionURL();
        URI masterUri = URI.create(master);
        URI playlist = HlsFetch.uris(masterUri, HlsFetch.text(masterUri)).getFirst();
        List<String> numbers = numbers("live");

        String first = HlsFetch.text(playlist);
        assertThat(first).doesNotContain("#EXT-X-ENDLIST").doesNotContain("#EXT-X-PLAYLIST-TYPE:VOD");
        assertThat(listedNumbers(first)).containsExactly(numbers.get(1), numbers.get(2));
        long sequence = mediaSequence(first);

        upload("live", TestMkv.track(), 3, 2);
        numbers = numbers("live");
        String second = HlsFetch.text(playlist);
        assertThat(listedNumbers(second)).containsExactly(numbers.get(3), numbers.get(4));
        assertThat(mediaSequence(second)).isEqualTo(sequence + 2);
        // What it lists plays.
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (URI segment : HlsFetch.uris(playlist, second)) {
            joined.write(HlsFetch.bytes(segment));
        }
        Probe.Result probe = Probe.bytes(joined.toByteArray(), ".mp4");
        assertThat(probe.video().decodedFrames()).isEqualTo(2 * TestMkv.FRAMES_PER_FRAGMENT);
        assertThat(probe.video().decodeErrors()).isZero();
    }

    static List<String> numbers(String stream) {
        List<Fragment> fragments = new ArrayList<>(media.listFragments(r -> r.streamName(stream)).fragments());
        fragments.sort(Comparator.comparing(Fragment::producerTimestamp));
        return fragments.stream().map(Fragment::fragmentNumber).toList();
    }

    static List<String> listedNumbers(String m3u8) {
        List<String> numbers = new ArrayList<>();
        Matcher m = Pattern.compile("FragmentNumber=([0-9]+)").matcher(m3u8);
        while (m.find()) {
            numbers.add(m.group(1));
        }
        return numbers;
    }

    static long mediaSequence(String m3u8) {
        Matcher m = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:([0-9]+)").matcher(m3u8);
        assertThat(m.find()).as(m3u8).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aDashManifestIsXmlAndItsSegmentsDecode() throws Exception {
        URI manifest = URI.create(dash("pb", T0, T0.plusSeconds(60)));
        String xml = HlsFetch.text(manifest);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        Element mpd = doc.getDocumentElement();
        assertThat(mpd.getLocalName()).isEqualTo("MPD");
        assertThat(mpd.getNamespaceURI()).isEqualTo("urn:mpeg:dash:schema:mpd:2011");
        assertThat(mpd.getAttribute("type")).isEqualTo("static");
        Element representation = (Element) doc.getElementsByTagNameNS("*", "Representation").item(0);
        assertThat(representation.getAttribute("codecs")).startsWith("avc1.");
        assertThat(representation.getAttribute("width")).isEqualTo("160");
        NodeList timeline = doc.getElementsByTagNameNS("*", "S");
        assertThat(timeline.getLength()).isEqualTo(3);
        for (int i = 0; i < timeline.getLength(); i++) {
            assertThat(((Element) timeline.item(i)).getAttribute("d")).isEqualTo("90000"); // one second at 90 kHz
        }
        Element init = (Element) doc.getElementsByTagNameNS("*", "Initialization").item(0);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(HlsFetch.bytes(manifest.resolve(init.getAttribute("sourceURL"))));
        NodeList urls = doc.getElementsByTagNameNS("*", "SegmentURL");
        assertThat(urls.getLength()).isEqualTo(3);
        for (int i = 0; i < urls.getLength(); i++) {
            joined.write(HlsFetch.bytes(manifest.resolve(((Element) urls.item(i)).getAttribute("media"))));
        }
        Probe.Result probe = Probe.bytes(joined.toByteArray(), ".mp4");
        assertThat(probe.video().codecName()).isEqualTo("h264");
        assertThat(probe.video().decodedFrames()).isEqualTo(3 * TestMkv.FRAMES_PER_FRAGMENT);
        assertThat(probe.video().decodeErrors()).isZero();
    }

    @Test
    void listFragmentsSelectsByServerTimestamp() {
        create("server-time", 24);
        Instant early = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // the index keeps milliseconds
        upload("server-time", TestMkv.track(), 0, 2);
        clock.advance(Duration.ofHours(1));
        Instant late = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        upload("server-time", TestMkv.track(), 2, 2);
        ListFragmentsResponse first = listByServerTime("server-time", early.minusSeconds(1), early.plusSeconds(60));
        assertThat(first.fragments()).hasSize(2).allSatisfy(f -> {
            assertThat(f.serverTimestamp()).isBetween(early, early.plusSeconds(60));
            assertThat(f.producerTimestamp()).isBefore(T0.plusSeconds(2));
        });
        ListFragmentsResponse second = listByServerTime("server-time", late.minusSeconds(1), late.plusSeconds(60));
        assertThat(second.fragments()).hasSize(2)
                .allSatisfy(f -> assertThat(f.producerTimestamp()).isAfterOrEqualTo(T0.plusSeconds(2)));
        assertThat(listByServerTime("server-time", early.plusSeconds(120), late.minusSeconds(120)).fragments())
                .isEmpty();
    }

    static ListFragmentsResponse listByServerTime(String stream, Instant from, Instant to) {
        return media.listFragments(r -> r.streamName(stream).fragmentSelector(s -> s
                .fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP)
                .timestampRange(t -> t.startTimestamp(from).endTimestamp(to))));
    }

    @Test
    void aNextTokenNotIssuedForThisListingIsAnInvalidArgument() {
        String arn = server.client().describeStream(r -> r.streamName("pb")).streamInfo().streamARN();
        ListFragmentsResponse page = media.listFragments(r -> r.streamName("pb").maxResults(1L));
        assertThat(page.nextToken()).isNotNull();
        // The token works where it was issued...
        assertThat(media.listFragments(r -> r.streamName("pb").maxResults(1L).nextToken(page.nextToken())).fragments())
                .hasSize(1);
        // ...and nowhere else.
        Consumer<String> refused = token -> assertThatThrownBy(
                () -> media.listFragments(r -> r.streamName("pb").nextToken(token)
                        .fragmentSelector(s -> s.fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP)
                                .timestampRange(t -> t.startTimestamp(T0).endTimestamp(T0.plusSeconds(60))))))
                .as(token).isInstanceOf(InvalidArgumentException.class);
        refused.accept(page.nextToken()); // another selector: another listing
        refused.accept("aGVsbG8gd29ybGQ="); // base64, but not a token
        // Shaped like this server's tokens for that very listing, but resuming from nonsense.
        String listing = "ListFragments " + arn + " PRODUCER " + T0.toEpochMilli() + " "
                + T0.plusSeconds(60).toEpochMilli();
        for (String position : List.of("nonsense", "12 x", "", "1")) {
            refused.accept(Base64.getEncoder().encodeToString(("kvs-edge/1:" + listing + "\n" + position)
                    .getBytes(StandardCharsets.UTF_8)));
        }
    }
}
