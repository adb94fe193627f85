package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.server.fragments.FragmentKeys;
import dev.kvsedge.server.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ResourceNotFoundException;

/**
 * Each stream's DataRetentionInHours, enforced by the retention sweep on a clock the test moves: fragments older
 * than it leave the index and the disk, younger ones and other streams' stay, and a deleted stream's media goes
 * entirely without leaking into a new stream of the same name.
 */
class RetentionTest {
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    static MutableClock clock;
    static TestServer server;
    static KinesisVideoArchivedMediaClient media;

    @BeforeAll
    static void start() {
        clock = MutableClock.startingNow();
        server = TestServer.start(clock, TestServer.newDataDir());
        media = server.archivedMedia();
    }

    @AfterAll
    static void stop() {
        media.close();
        server.close();
    }

    static void create(String stream, int retentionHours) {
        server.client().createStream(r -> r.streamName(stream).dataRetentionInHours(retentionHours));
    }

    /** Uploads {@code count} fragments at T0 + {@code first} s onward. */
    static void upload(String stream, int first, int count) {
        long[] timecodes = new long[count];
        for (int i = 0; i < count; i++) {
            timecodes[i] = T0.toEpochMilli() + (first + i) * 1000L;
        }
        RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute(stream), TestMkv.stream(timecodes), count);
    }

    static List<Fragment> fragments(String stream) {
        List<Fragment> all = new ArrayList<>(media.listFragments(r -> r.streamName(stream)).fragments());
        all.sort(Comparator.comparing(Fragment::producerTimestamp));
        return all;
    }

    static String arn(String stream) {
        return server.client().describeStream(r -> r.streamName(stream)).streamInfo().streamARN();
    }

    /** The fragment files in the data dir of the stream of this ARN (deleted or not): its folder as the server names it. */
    static List<String> files(String arn) {
        Path folder = server.dataDir.resolve("media").resolve(FragmentKeys.of(arn).key(Instant.EPOCH)).getParent();
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void fragmentsOlderThanTheRetentionGoFromTheIndexAndTheDisk() throws IOException {
        create("one-hour", 1);
        create("one-day", 24);
        upload("one-hour", 0, 3);
        upload("one-day", 0, 2);
        List<Fragment> old = fragments("one-hour");
        List<String> oldFiles = files(arn("one-hour"));
        assertThat(oldFiles).hasSize(old.size());

        clock.advance(Duration.ofHours(2));
        upload("one-hour", 10, 2);
        assertThat(server.server.sweepRetention()).isGreaterThanOrEqualTo(3);

        List<Fragment> kept = fragments("one-hour");
        assertThat(kept).extracting(Fragment::producerTimestamp).containsExactly(T0.plusSeconds(10),
                T0.plusSeconds(11));
        assertThat(files(arn("one-hour"))).hasSize(kept.size()).doesNotContainAnyElementsOf(oldFiles);
        assertThatThrownBy(() -> media.getMediaForFragmentListAsBytes(r -> r.streamName("one-hour")
                .fragments(old.getFirst().fragmentNumber()))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> media.getClipAsBytes(r -> r.streamName("one-hour").clipFragmentSelector(s -> s
                .fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                .timestampRange(t -> t.startTimestamp(T0).endTimestamp(T0.plusSeconds(5))))))
                .isInstanceOf(ResourceNotFoundException.class);
        // The recent ones still read back.
        assertThat(media.getMediaForFragmentListAsBytes(r -> r.streamName("one-hour").fragments(kept.stream()
                .map(Fragment::fragmentNumber).toList())).asByteArray()).isNotEmpty();

        // Two hours is within the other stream's day.
        assertThat(fragments("one-day")).hasSize(2);
        assertThat(files(arn("one-day"))).hasSize(2);
    }

    @Test
    void aDeletedStreamsMediaGoesAndANewStreamOfTheSameNameStartsEmpty() throws IOException {
        create("doomed", 24);
        upload("doomed", 0, 2);
        String arn = arn("doomed");
        assertThat(files(arn)).hasSize(2);
        server.client().deleteStream(r -> r.streamARN(arn));

        // Created again before the sweep came by: the old media is not the new stream's.
        clock.advance(Duration.ofSeconds(1));
        create("doomed", 24);
        assertThat(fragments("doomed")).isEmpty();
        upload("doomed", 5, 1);
        List<Fragment> fresh = fragments("doomed");
        assertThat(fresh).extracting(Fragment::producerTimestamp).containsExactly(T0.plusSeconds(5));

        server.server.sweepRetention();
        assertThat(files(arn)).as("the deleted stream's").isEmpty();
        assertThat(files(arn("doomed"))).hasSize(1);
        assertThat(fragments("doomed")).hasSize(1);
    }
}
