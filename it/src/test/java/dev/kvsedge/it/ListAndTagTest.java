package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ComparisonOperator;
import software.amazon.awssdk.services.kinesisvideo.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideo.model.StreamInfo;
import software.amazon.awssdk.services.kinesisvideo.model.Tag;
import software.amazon.awssdk.services.kinesisvideo.model.TagsPerResourceExceededLimitException;

class ListAndTagTest {
    private static TestServer server;
    private static KinesisVideoClient kvs;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        kvs = server.client();
        for (String name : List.of("cam_a", "cam_b", "cam_c", "camXd", "door.1", "door.2", "yard")) {
            kvs.createStream(r -> r.streamName(name));
        }
    }

    @AfterAll
    static void stop() {
        kvs.close();
        server.close();
    }

    @Test
    void theSdkPaginatorWalksEveryStreamInNameOrder() {
        List<String> names = kvs.listStreamsPaginator(r -> r.maxResults(2)).streamInfoList().stream()
                .map(StreamInfo::streamName).filter(n -> !n.startsWith("tag")).toList();
        assertThat(names).containsExactly("camXd", "cam_a", "cam_b", "cam_c", "door.1", "door.2", "yard");
    }

    @Test
    void aPageStopsAtMaxResultsAndHandsANextToken() {
        ListStreamsResponse page = kvs.listStreams(r -> r.maxResults(3));
        assertThat(page.streamInfoList()).hasSize(3);
        assertThat(page.nextToken()).matches("[a-zA-Z0-9+/=]+");
        ListStreamsResponse next = kvs.listStreams(r -> r.maxResults(3).nextToken(page.nextToken()));
        assertThat(next.streamInfoList().getFirst().streamName())
                .isGreaterThan(page.streamInfoList().getLast().streamName());
    }

    @Test
    void beginsWithTakesThePrefixLiterally() {
        List<String> names = kvs
                .listStreams(r -> r.streamNameCondition(c -> c.comparisonOperator(ComparisonOperator.BEGINS_WITH)
                        .comparisonValue("cam_")))
                .streamInfoList().stream().map(StreamInfo::streamName).toList();
        assertThat(names).containsExactly("cam_a", "cam_b", "cam_c");
        assertThat(kvs.listStreams(r -> r.streamNameCondition(c -> c.comparisonOperator(ComparisonOperator.BEGINS_WITH)
                .comparisonValue("door."))).streamInfoList()).hasSize(2);
    }

    @Test
    void streamTagsAreMergedListedAndRemoved() {
        kvs.createStream(r -> r.streamName("tagged").tags(Map.of("site", "north", "floor", "1")));
        kvs.tagStream(r -> r.streamName("tagged").tags(Map.of("floor", "2", "zone", "lobby")));
        assertThat(kvs.listTagsForStream(r -> r.streamName("tagged")).tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("site", "north", "floor", "2", "zone", "lobby"));

        kvs.untagStream(r -> r.streamName("tagged").tagKeyList("site", "not-there"));
        assertThat(kvs.listTagsForStream(r -> r.streamName("tagged")).tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("floor", "2", "zone", "lobby"));
    }

    @Test
    void resourceTagOperationsSeeTheSameTagsByArn() {
        String arn = kvs.createStream(r -> r.streamName("tag-resource")).streamARN();
        kvs.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("owner").value("ops").build()));
        assertThat(kvs.listTagsForStream(r -> r.streamARN(arn)).tags()).containsEntry("owner", "ops");
        assertThat(kvs.listTagsForResource(r -> r.resourceARN(arn)).tags())
                .containsExactlyEntriesOf(Map.of("owner", "ops"));
        kvs.untagResource(r -> r.resourceARN(arn).tagKeyList("owner"));
        assertThat(kvs.listTagsForResource(r -> r.resourceARN(arn)).tags()).isEmpty();
    }

    @Test
    void aStreamKeepsAtMostFiftyTags() {
        Map<String, String> fifty = new HashMap<>();
        IntStream.range(0, 50).forEach(i -> fifty.put("k" + i, "v"));
        kvs.createStream(r -> r.streamName("tag-limit").tags(fifty));

        assertThatThrownBy(() -> kvs.tagStream(r -> r.streamName("tag-limit").tags(Map.of("one-more", "v"))))
                .isInstanceOf(TagsPerResourceExceededLimitException.class);
        kvs.tagStream(r -> r.streamName("tag-limit").tags(Map.of("k0", "replaced")));
        assertThat(kvs.listTagsForStream(r -> r.streamName("tag-limit")).tags()).hasSize(50).containsEntry("k0",
                "replaced");
    }

    @Test
    void tagsOfAnUnknownResourceAreNotFound() {
        assertThatThrownBy(() -> kvs
                .listTagsForResource(r -> r.resourceARN("arn:aws:kinesisvideo:us-east-1:123456789012:stream/nope/1")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(
                () -> kvs.tagResource(r -> r.resourceARN("arn:aws:kinesisvideo:us-east-1:123456789012:channel/c/1")
                        .tags(Tag.builder().key("a").value("b").build())))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
