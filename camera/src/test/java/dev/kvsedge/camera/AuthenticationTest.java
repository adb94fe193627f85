package dev.kvsedge.camera;

import static dev.kvsedge.camera.FfmpegPlaybackTest.assertPlayedCleanly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A camera that asks for a user name and password, as real ones do. */
class AuthenticationTest {
    private static final String PASSWORD = "p@ss:w/rd %1";
    private static SimulatedCamera camera;

    @BeforeAll
    static void start() {
        camera = SimulatedCamera.start(FfmpegPlaybackTest.SMALL.withCredentials("admin", PASSWORD));
    }

    @AfterAll
    static void stop() {
        camera.close();
    }

    @Test
    void ffmpegPlaysWithTheCredentialsInTheUrl() {
        assertThat(camera.urlWithCredentials()).startsWith("rtsp://admin:p%40ss%3Aw%2Frd%20%251@127.0.0.1:");
        assertPlayedCleanly(RtspPlayer.play(camera.urlWithCredentials(), "tcp", Duration.ofSeconds(2)), 320, 240);
    }

    @Test
    void ffmpegCannotOpenItWithoutThemOrWithAWrongPassword() {
        assertThatThrownBy(() -> RtspPlayer.play(camera.url(), "tcp", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot open");
        String wrong = camera.url().replace("rtsp://", "rtsp://admin:wrong@");
        assertThatThrownBy(() -> RtspPlayer.play(wrong, "tcp", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot open");
    }

    @Test
    void describeIsChallengedWithDigestAndBasicIsAccepted() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            assertThat(client.request("OPTIONS", camera.url()).status()).isEqualTo(200);
            RawRtspClient.Response challenged = client.request("DESCRIBE", camera.url());
            assertThat(challenged.status()).isEqualTo(401);
            assertThat(challenged.header("WWW-Authenticate")).startsWith("Digest realm=\"kvs-edge-camera\", nonce=\"");
            String wrong = Base64.getEncoder().encodeToString("admin:nope".getBytes(StandardCharsets.UTF_8));
            assertThat(client.request("DESCRIBE", camera.url(), "Authorization", "Basic " + wrong).status())
                    .isEqualTo(401);
            String right = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(client.request("DESCRIBE", camera.url(), "Authorization", "Basic " + right).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void digestAnswersAreChecked() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            String challenge = client.request("DESCRIBE", camera.url()).header("WWW-Authenticate");
            Map<String, String> p = Authenticator.parameters(challenge.substring("Digest ".length()));
            String ha1 = Authenticator.md5("admin:" + p.get("realm") + ":" + PASSWORD);
            String ha2 = Authenticator.md5("DESCRIBE:" + camera.url());
            String response = Authenticator.md5(ha1 + ":" + p.get("nonce") + ":" + ha2);
            String header = "Digest username=\"admin\", realm=\"" + p.get("realm") + "\", nonce=\"" + p.get("nonce")
                    + "\", uri=\"" + camera.url() + "\", response=\"";
            assertThat(
                    client.request("DESCRIBE", camera.url(), "Authorization", header + "0".repeat(32) + "\"").status())
                    .isEqualTo(401);
            assertThat(client.request("DESCRIBE", camera.url(), "Authorization", header + response + "\"").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void thePasswordIsNotInTheOptionsText() {
        assertThat(camera.options().toString()).contains("admin").doesNotContain(PASSWORD);
    }
}
