package dev.kvsedge.it;

import java.io.InputStream;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.model.GetMediaResponse;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelector;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelectorType;

/**
 * A GetMedia consumer that follows a stream the way KVS consumers do: from NOW, and whenever its connection breaks
 * (the node serving it died), again from the continuation token of the last fragment it read.
 */
final class TailingReader {
    private final KinesisVideoMediaClient media;
    private final String stream;
    private final List<String> numbers = new ArrayList<>();
    private final AtomicInteger reconnects = new AtomicInteger();
    private volatile String token;
    private volatile boolean stopping;
    private volatile ResponseInputStream<GetMediaResponse> current;
    private Thread thread;

    private TailingReader(KinesisVideoMediaClient media, String stream) {
        this.media = media;
        this.stream = stream;
    }

    static TailingReader start(KinesisVideoMediaClient media, String stream) {
        TailingReader reader = new TailingReader(media, stream);
        reader.thread = Thread.ofVirtual().name("tailing-reader").start(reader::run);
        return reader;
    }

    private void run() {
        while (!stopping) {
            StartSelector start = token == null
                    ? StartSelector.builder().startSelectorType(StartSelectorType.NOW).build()
                    : StartSelector.builder().startSelectorType(StartSelectorType.CONTINUATION_TOKEN)
                            .continuationToken(token).build();
            try (ResponseInputStream<GetMediaResponse> in = media
                    .getMedia(r -> r.streamName(stream).startSelector(start))) {
                current = in;
                KvsParser.read(in, Integer.MAX_VALUE, new Recorder());
            } catch (Exception e) {
                // the connection broke (or was aborted to stop): resume from the last token
            }
            if (!stopping) {
                reconnects.incrementAndGet();
                sleep(Duration.ofMillis(200));
            }
        }
    }

    /** Takes each fragment as the parser completes it: its number, and its token to resume from. */
    private final class Recorder extends AbstractList<KvsParser.Parsed> {
        private int size;

        @Override
        public boolean add(KvsParser.Parsed parsed) {
            synchronized (numbers) {
                numbers.add(parsed.number());
            }
            token = parsed.continuationToken();
            size++;
            return true;
        }

        @Override
        public KvsParser.Parsed get(int index) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int size() {
            return size;
        }
    }

    int reconnects() {
        return reconnects.get();
    }

    /** Stops reading after a last moment to catch up; returns the fragment numbers read, in the order read. */
    List<String> stop() throws InterruptedException {
        Thread.sleep(3000);
        stopping = true;
        InputStream in = current;
        if (in instanceof ResponseInputStream<?> response) {
            response.abort();
        }
        thread.join(Duration.ofSeconds(10));
        synchronized (numbers) {
            return List.copyOf(numbers);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
