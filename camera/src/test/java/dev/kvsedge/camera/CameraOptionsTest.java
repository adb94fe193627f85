package dev.kvsedge.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CameraOptionsTest {
    @Test
    void defaults() {
        CameraOptions options = CameraOptions.defaults();
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8554);
        assertThat(options.path()).isEqualTo("/live");
        assertThat(options.width()).isEqualTo(1280);
        assertThat(options.height()).isEqualTo(720);
        assertThat(options.fps()).isEqualTo(25);
        assertThat(options.gopFrames()).isEqualTo(25);
        assertThat(options.loopFrames()).isEqualTo(100);
        assertThat(options.withSize(1920, 1080).effectiveBitrate()).isEqualTo(2_073_600);
    }

    @Test
    void theLoopIsRoundedUpToWholeGops() {
        CameraOptions options = CameraOptions.defaults().withGop(30).withLoop(Duration.ofSeconds(4));
        assertThat(options.loopFrames()).isEqualTo(120);
        assertThat(options.withLoop(Duration.ofMillis(10)).loopFrames()).isEqualTo(30);
        assertThat(options.withGop(1).withLoop(Duration.ofMillis(10)).loopFrames()).isEqualTo(1);
    }

    @Test
    void parsesSizes() {
        assertThat(CameraOptions.parseSize("1920x1080")).containsExactly(1920, 1080);
        assertThat(CameraOptions.parseSize("640X480")).containsExactly(640, 480);
        assertThatThrownBy(() -> CameraOptions.parseSize("1080p")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWhatCannotBeServed() {
        CameraOptions options = CameraOptions.defaults();
        assertThatThrownBy(() -> options.withSize(641, 480)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withPath("live")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withPath("/live/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withFps(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withGop(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withPort(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withLoop(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
