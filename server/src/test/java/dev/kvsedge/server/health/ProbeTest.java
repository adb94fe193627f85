package dev.kvsedge.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProbeTest {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Probe.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(log);
        executor.shutdownNow();
    }

    @Test
    void aDependencyThatDoesNotAnswerInTimeIsUnreachableAndIsAskedOnceUntilItAnswers() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        Probe probe = new Probe("database", () -> {
            asked.incrementAndGet();
            answer.await();
        }, executor, Duration.ofMillis(200));

        long start = System.nanoTime();
        Probe.Result first = probe.run();
        Probe.Result second = probe.run();

        assertThat(first.reachable()).isFalse();
        assertThat(second.reachable()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(asked).hasValue(1);
        answer.countDown();
        Probe.Result later = awaitReachable(probe);
        assertThat(later.reachable()).isTrue();
        assertThat(later.latencyMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aChangeOfAnswerIsLoggedOnceWithItsReason() throws Exception {
        AtomicBoolean up = new AtomicBoolean(false);
        Probe probe = new Probe("media store", () -> {
            if (!up.get()) {
                throw new java.io.IOException("the media folder /data/media is not writable");
            }
        }, executor, Duration.ofSeconds(5));

        probe.run();
        probe.run();
        up.set(true);
        probe.run();
        probe.run();

        assertThat(log.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ch.qos.logback.classic.Level.WARN,
                        "media store unreachable: the media folder /data/media is not writable"),
                org.assertj.core.groups.Tuple.tuple(ch.qos.logback.classic.Level.INFO, "media store reachable again"));
    }

    private static Probe.Result awaitReachable(Probe probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Probe.Result result = probe.run();
        while (!result.reachable() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            result = probe.run();
        }
        return result;
    }
}
