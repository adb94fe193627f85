package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server stopped while requests are still being answered ends them quietly: no stray exception on any thread. */
class ServerShutdownTest {
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private Thread.UncaughtExceptionHandler before;

    @BeforeEach
    void catchUncaught() {
        before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    }

    @AfterEach
    void restore() {
        Thread.setDefaultUncaughtExceptionHandler(before);
    }

    @Test
    void stoppingDuringLongPollsLeavesNoUncaughtException() throws Exception {
        TestServer server = TestServer.start();
        TestAgent agent = TestAgent.mint(server, EdgeFixtures.hub("shutdown-hub"));
        List<CompletableFuture<Long>> polls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            polls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return agent.waitForChanges(0, 20);
                } catch (Exception e) {
                    return -1L; // the server went away under it: expected
                }
            }, Executors.newVirtualThreadPerTaskExecutor()));
        }
        Thread.sleep(1500); // the long-polls are waiting on the server now
        server.close();
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        Thread.sleep(1000); // anything the stopped server's threads still do happens by now
        assertThat(uncaught).isEmpty();
    }
}
