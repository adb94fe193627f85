package dev.kvsedge.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AgentPresenceTest {
    private static final String HUB = "arn:aws:iot:us-east-1:123456789012:thing/hub-1";
    private static final String OTHER = "arn:aws:iot:us-east-1:123456789012:thing/hub-2";
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(EdgeEvents.class);
    private final AgentPresence presence = new AgentPresence();

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopCapture() {
        logger.detachAppender(log);
    }

    @Test
    void anAgentIsLoggedWhenFirstSeenAndWhenItComesBackAfterASilenceNotWhileItPolls() {
        presence.pollStarted(HUB, T0);
        presence.pollEnded(HUB, T0.plusSeconds(20));
        presence.pollStarted(HUB, T0.plusSeconds(20));
        presence.pollEnded(HUB, T0.plusSeconds(80)); // a 60 s poll
        presence.pollStarted(HUB, T0.plusSeconds(100)); // 20 s later: a pause, not a silence
        presence.pollEnded(HUB, T0.plusSeconds(101));
        presence.pollStarted(HUB, T0.plusSeconds(101 + 91)); // gone for 91 s

        assertThat(lines()).containsExactly(
                Map.of("hub", HUB, "firstSinceServerStart", "true"),
                Map.of("hub", HUB, "silentSeconds", "91"));
    }

    @Test
    void hubsPollingCountsHubsWithAPollWaitingNow() {
        presence.pollStarted(HUB, T0);
        presence.pollStarted(HUB, T0); // a second connection of the same hub
        presence.pollStarted(OTHER, T0);
        assertThat(presence.hubsPolling()).isEqualTo(2);

        presence.pollEnded(HUB, T0.plusSeconds(1));
        assertThat(presence.hubsPolling()).isEqualTo(2);
        presence.pollEnded(HUB, T0.plusSeconds(1));
        presence.pollEnded(OTHER, T0.plusSeconds(1));
        assertThat(presence.hubsPolling()).isZero();
    }

    private List<Map<String, String>> lines() {
        return log.list.stream().filter(e -> e.getFormattedMessage().equals("edge agent connected"))
                .map(e -> e.getKeyValuePairs().stream()
                        .collect(Collectors.toMap(p -> p.key, p -> String.valueOf(p.value))))
                .toList();
    }
}
