package dev.kvsedge.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UriRedactionTest {
    @Test
    void userInfoAndQueryAreHidden() {
        assertThat(UriRedaction.redact("rtsp://admin:pw@10.0.0.5:554/Streaming/Channels/101"))
                .isEqualTo("rtsp://***@10.0.0.5:554/Streaming/Channels/101");
        assertThat(UriRedaction.redact("rtsp://10.0.0.5/cam?user=admin&password=pw"))
                .isEqualTo("rtsp://10.0.0.5/cam?***");
        assertThat(UriRedaction.redact("rtsp://10.0.0.5/live")).isEqualTo("rtsp://10.0.0.5/live");
        assertThat(UriRedaction.redact("file:/videos/a.mkv")).isEqualTo("file:/videos/a.mkv");
    }

    @Test
    void aPasswordWithAtSignsOrSlashesIsHiddenWhole() {
        assertThat(UriRedaction.redact("rtsp://admin:p@ss/w@rd@cam.local/live")).isEqualTo("rtsp://***@cam.local/live");
    }

    @Test
    void everyUriInATextIsCleaned() {
        assertThat(UriRedaction.redactText("tried rtsp://a:b@h1/x then rtsps://c:d@h2/y?k=v, gave up"))
                .isEqualTo("tried rtsp://***@h1/x then rtsps://***@h2/y?*** gave up"); // a query runs to the next space
    }

    @Test
    void aSourceCleansItsOwnCredentialsOutOfAnyText() {
        MediaSource source = MediaSource.rtsp("rtsp://admin:S3cr%40t!@cam.local/live");
        assertThat(source.toString()).isEqualTo("rtsp://***@cam.local/live");
        assertThat(source.redact("auth S3cr@t! failed for admin:S3cr%40t!"))
                .doesNotContain("S3cr").isEqualTo("auth *** failed for ***");
    }
}
