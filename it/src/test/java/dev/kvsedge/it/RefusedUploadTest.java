package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A producer refused while it is still sending its body, as a live producer always is, reads the refusal: its
 * writes are not reset under it. A client that fails on a write (the SDK for Java v1's PutMedia client does) would
 * otherwise drop the connection before reading the answer and report "Service closed connection before final
 * AckEvent" instead of the 4xx. The server discards the rest of the body for a while before it closes.
 */
class RefusedUploadTest {
    static final String START = "2026-11-20T08:00:00Z";

    @Test
    void aProducerStillSendingReadsItsRefusalAndStopsWithoutBeingReset() throws Exception {
        try (TestServer server = TestServer.start(); RawPutMedia upload = uploadToAMissingStream(server)) {
            Sender sender = Sender.start(upload);
            assertThat(upload.status()).isEqualTo(404);
            assertThat(upload.header("x-amzn-ErrorType")).isEqualTo("ResourceNotFoundException");
            Thread.sleep(500); // a client reading beside its writer stops sending a moment after the answer
            assertThat(sender.stop()).as("every write went through until the producer stopped").isTrue();
            assertThat(upload.awaitClosed(Duration.ofSeconds(10))).as("then the server closes the connection").isTrue();
        }
    }

    @Test
    void aProducerThatNeverStopsSendingIsCutOffAfterAFewSeconds() throws Exception {
        try (TestServer server = TestServer.start(); RawPutMedia upload = uploadToAMissingStream(server)) {
            Sender sender = Sender.start(upload);
            assertThat(upload.status()).isEqualTo(404);
            assertThat(upload.awaitClosed(Duration.ofSeconds(30)))
                    .as("the server does not read an unwanted body forever")
                    .isTrue();
            assertThat(sender.failed.get(30, TimeUnit.SECONDS)).as("its writes fail once the connection is closed")
                    .isTrue();
        }
    }

    /** An upload without {@code Expect: 100-continue} to a stream that does not exist: refused on its headers. */
    private static RawPutMedia uploadToAMissingStream(TestServer server) {
        return RawPutMedia.open(server.endpoint(), RawPutMedia.relative("no-such-stream", START));
    }

    /** Writes 16 KB chunks of an unwanted body every few milliseconds until stopped or a write fails. */
    private static final class Sender {
        final CompletableFuture<Boolean> failed = new CompletableFuture<>();
        volatile boolean stopping;

        static Sender start(RawPutMedia upload) {
            Sender sender = new Sender();
            byte[] chunk = new byte[16 * 1024];
            Thread.ofVirtual().name("unwanted-body").start(() -> {
                while (!sender.stopping) {
                    if (!upload.trySend(chunk)) {
                        sender.failed.complete(true);
                        return;
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                sender.failed.complete(false);
            });
            return sender;
        }

        /** Stops sending; true if no write had failed. */
        boolean stop() throws Exception {
            stopping = true;
            return !failed.get(10, TimeUnit.SECONDS);
        }
    }
}
