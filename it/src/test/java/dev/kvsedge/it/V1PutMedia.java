package dev.kvsedge.it;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.kinesisvideo.AmazonKinesisVideoPutMedia;
import com.amazonaws.services.kinesisvideo.AmazonKinesisVideoPutMediaClientBuilder;
import com.amazonaws.services.kinesisvideo.PutMediaAckResponseHandler;
import com.amazonaws.services.kinesisvideo.model.AckEvent;
import com.amazonaws.services.kinesisvideo.model.FragmentTimecodeType;
import com.amazonaws.services.kinesisvideo.model.PutMediaRequest;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Uploads with AWS's own PutMedia producer, {@code AmazonKinesisVideoPutMediaClient} of the SDK for Java v1: an
 * independent client with its own Netty transport, signer and acknowledgement parser.
 */
final class V1PutMedia {
    private V1PutMedia() {}

    /** What one upload got back: every acknowledgement, and the failure if the client reported one. */
    record Result(List<AckEvent> acks, Throwable failure) {
        List<AckEvent> ofType(String type) {
            return acks.stream().filter(a -> a.getAckEventType().toString().equals(type)).toList();
        }
    }

    static Result upload(URI dataEndpoint, String streamName, Instant producerStart, InputStream mkv, Duration timeout)
            throws Exception {
        return upload(dataEndpoint, "test", "test", streamName, producerStart, mkv, timeout);
    }

    static Result upload(URI dataEndpoint, String accessKeyId, String secret, String streamName, Instant producerStart,
            InputStream mkv, Duration timeout) throws Exception {
        AmazonKinesisVideoPutMedia client = AmazonKinesisVideoPutMediaClientBuilder.standard()
                .withEndpoint(dataEndpoint)
                .withRegion("us-east-1")
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKeyId, secret)))
                .withConnectionTimeoutInMillis(5_000)
                .build();
        List<AckEvent> acks = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        try {
            PutMediaRequest request = new PutMediaRequest().withStreamName(streamName)
                    .withFragmentTimecodeType(FragmentTimecodeType.RELATIVE)
                    .withProducerStartTimestamp(Date.from(producerStart))
                    .withPayload(mkv);
            client.putMedia(request, new PutMediaAckResponseHandler() {
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
            return new Result(acks, done.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            client.close();
        }
    }
}
