package com.example.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.kinesisvideo.AmazonKinesisVideoPutMedia;
import com.amazonaws.services.kinesisvideo.AmazonKinesisVideoPutMediaClientBuilder;
import com.amazonaws.services.kinesisvideo.PutMediaAckResponseHandler;
import com.amazonaws.services.kinesisvideo.model.AckEvent;
import com.amazonaws.services.kinesisvideo.model.FragmentTimecodeType;
import com.amazonaws.services.kinesisvideo.model.PutMediaRequest;
import dev.kvsedge.testkit.KvsEdgeExtension;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/** A producer uploads four seconds of video with PutMedia; the clip that comes back is those four seconds. */
class PutMediaGetClipTest {
    @RegisterExtension
    static KvsEdgeExtension kvsEdge = new KvsEdgeExtension();

    @Test
    void whatWasPutComesBackAsAnMp4Clip() throws Exception {
        kvsEdge.kinesisVideo().createStream(r -> r.streamName("doorbell").dataRetentionInHours(24));
        Instant recorded = Instant.parse("2026-01-15T10:00:00Z");

        List<AckEvent> acks = putMedia("doorbell", recorded);

        assertEquals(4, acks.stream().filter(a -> a.getAckEventType().toString().equals("PERSISTED")).count(), acks::toString);
        List<Fragment> fragments = kvsEdge.archivedMedia().listFragments(r -> r.streamName("doorbell")).fragments();
        assertEquals(4, fragments.size());
        byte[] clip = kvsEdge.archivedMedia().getClipAsBytes(r -> r.streamName("doorbell").clipFragmentSelector(s -> s
                .fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                .timestampRange(t -> t.startTimestamp(recorded).endTimestamp(recorded.plusSeconds(10))))).asByteArray();
        assertEquals("ftyp", new String(clip, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(4 * 25, mp4Frames(ByteBuffer.wrap(clip)), "frames in the clip"); // 4 seconds at 25 fps
    }

    /** Uploads the sample with the SDK v1 PutMedia client, as Java producers do; returns every acknowledgement. */
    private static List<AckEvent> putMedia(String stream, Instant producerStart) throws Exception {
        AmazonKinesisVideoPutMedia client = AmazonKinesisVideoPutMediaClientBuilder.standard()
                .withEndpoint(kvsEdge.endpoint())
                .withRegion(kvsEdge.region())
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(kvsEdge.accessKeyId(), kvsEdge.secretAccessKey())))
                .build();
        List<AckEvent> acks = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        try (InputStream mkv = PutMediaGetClipTest.class.getResourceAsStream("/four-seconds.mkv")) {
            client.putMedia(new PutMediaRequest().withStreamName(stream).withFragmentTimecodeType(FragmentTimecodeType.RELATIVE)
                    .withProducerStartTimestamp(Date.from(producerStart)).withPayload(mkv), new PutMediaAckResponseHandler() {
                        @Override
                        public void onAckEvent(AckEvent event) {
                            acks.add(event);
                        }

                        @Override
                        public void onFailure(Throwable t) {
                            done.complete(t);
                        }

                        @Override
                        public void onComplete() {
                            done.complete(null);
                        }
                    });
            assertNull(done.get(30, TimeUnit.SECONDS));
        } finally {
            client.close();
        }
        return acks;
    }

    /** Frames in a fragmented MP4: the sample counts of the 'trun' boxes in every moof/traf. */
    private static int mp4Frames(ByteBuffer boxes) {
        int frames = 0;
        while (boxes.remaining() >= 8) {
            int start = boxes.position();
            int size = boxes.getInt();
            String type = new String(new byte[] {boxes.get(), boxes.get(), boxes.get(), boxes.get()}, StandardCharsets.US_ASCII);
            assertTrue(size >= 8 && size <= boxes.remaining() + 8, "box " + type + " of size " + size);
            ByteBuffer body = boxes.slice(boxes.position(), size - 8);
            if (type.equals("moof") || type.equals("traf")) {
                frames += mp4Frames(body);
            } else if (type.equals("trun")) {
                frames += body.getInt(4); // after version and flags
            }
            boxes.position(start + size);
        }
        return frames;
    }
}
