package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/** What an agent uploaded to one stream, read back with ListFragments, and the checks the agent tests share. */
final class RecordedFragments {
    private RecordedFragments() {}

    /** Every fragment of the stream, oldest producer timestamp first. */
    static List<Fragment> of(KinesisVideoArchivedMediaClient media, String stream) {
        List<Fragment> fragments = new ArrayList<>(
                media.listFragments(r -> r.streamName(stream).maxResults(1000L)).fragments());
        fragments.sort(Comparator.comparing(Fragment::producerTimestamp));
        return fragments;
    }

    /** Waits until the stream has at least {@code atLeast} fragments; returns how many it has. */
    static int await(KinesisVideoArchivedMediaClient media, String stream, int atLeast, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int count = 0;
        while (System.nanoTime() < deadline) {
            count = of(media, stream).size();
            if (count >= atLeast) {
                return count;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                "only " + count + " fragments in " + stream + " after " + timeout + ", wanted " + atLeast);
    }

    /** Waits until some fragment was recorded after {@code time}. */
    static void awaitRecordedAfter(KinesisVideoArchivedMediaClient media, String stream, Instant time, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Fragment> fragments = of(media, stream);
            if (!fragments.isEmpty() && fragments.getLast().producerTimestamp().isAfter(time)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no fragment of " + stream + " recorded after " + time + " within " + timeout);
    }

    /**
     * Whole one-second fragments (the test video has a key frame every second), none uploaded twice, each
     * following the one before by at least a second and at most {@code maxGap}.
     */
    static void assertWholeAndUnique(List<Fragment> fragments, Duration maxGap) {
        assertThat(fragments).extracting(Fragment::producerTimestamp).doesNotHaveDuplicates();
        assertThat(fragments).allSatisfy(f -> assertThat(f.fragmentLengthInMilliseconds()).isEqualTo(1000L));
        for (int i = 1; i < fragments.size(); i++) {
            long gap = Duration.between(fragments.get(i - 1).producerTimestamp(), fragments.get(i).producerTimestamp())
                    .toMillis();
            assertThat(gap).as("gap before fragment %d of %d", i, fragments.size()).isBetween(1000L, maxGap.toMillis());
        }
    }
}
