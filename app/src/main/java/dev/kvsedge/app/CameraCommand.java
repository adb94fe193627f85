package dev.kvsedge.app;

import dev.kvsedge.camera.CameraOptions;
import dev.kvsedge.camera.SimulatedCamera;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kvs-edge camera}: a simulated RTSP camera serving a moving test pattern as H.264, for tests, demos and the
 * density benchmark. Prints one line per camera with its rtsp:// URL and runs until stopped (SIGTERM or Ctrl-C).
 */
@Command(name = "camera", mixinStandardHelpOptions = true,
        description = "Serve a simulated RTSP camera: a moving test pattern as H.264, encoded once, then only packetized.")
final class CameraCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = CameraOptions.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + CameraOptions.DEFAULT_PORT,
            description = "RTSP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--path", defaultValue = CameraOptions.DEFAULT_PATH,
            description = "Stream path (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--size", defaultValue = "1280x720",
            description = "Picture size WIDTHxHEIGHT (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--fps", defaultValue = "25", description = "Frames per second (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--gop",
            description = "Key frame interval in frames (default: the frame rate, a key frame each second).")
    Integer gop;

    @Option(names = "--loop", defaultValue = "4",
            description = "Seconds of pattern encoded and then repeated, rounded up to whole"
                    + " key frame intervals (default: ${DEFAULT-VALUE}).")
    int loopSeconds;

    @Option(names = "--bitrate", defaultValue = "0",
            description = "Encoder target in bits per second (default: by picture size, about 2 Mbit/s at 1920x1080 25 fps).")
    long bitrate;

    @Option(names = "--user",
            description = "Require RTSP authentication (Digest, or Basic) with this user name and --password.")
    String user;

    @Option(names = "--password",
            description = "The password for --user (or the environment variable KVS_EDGE_CAMERA_PASSWORD).")
    String password;

    @Option(names = "--count", defaultValue = "1",
            description = "Cameras to serve from this one process, on ports PORT,"
                    + " PORT+1, ... (each on a free port with --port 0); they share one encoding (default: ${DEFAULT-VALUE}).")
    int count;

    @Mixin
    DebugOption debug;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<CameraOptions> all;
        try {
            all = options();
        } catch (IllegalArgumentException e) { // the camera's own checks of the picture, rate, path and port
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        List<SimulatedCamera> cameras = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (cameras) {
                cameras.forEach(SimulatedCamera::close);
            }
            stopped.countDown();
        }, "kvs-edge-camera-shutdown"));
        try {
            for (CameraOptions options : all) {
                SimulatedCamera camera = SimulatedCamera.start(options);
                synchronized (cameras) {
                    cameras.add(camera);
                }
                System.out.println(readyLine(camera));
                System.out.flush();
            }
        } catch (RuntimeException e) {
            synchronized (cameras) {
                cameras.forEach(SimulatedCamera::close);
            }
            throw e;
        }
        stopped.await();
        return 0;
    }

    /** The options of each camera to start. */
    List<CameraOptions> options() {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1");
        }
        if (port != 0 && port + count - 1 > 65535) {
            throw new IllegalArgumentException(
                    "--count " + count + " cameras from port " + port + " run past port 65535");
        }
        int[] wh = CameraOptions.parseSize(size);
        String secret = password != null ? password : System.getenv("KVS_EDGE_CAMERA_PASSWORD");
        if (user == null && password != null || user != null && secret == null) {
            throw new IllegalArgumentException("--user and --password go together");
        }
        CameraOptions base = new CameraOptions(host, port, path, wh[0], wh[1], fps, gop != null ? gop : fps,
                Duration.ofSeconds(loopSeconds), bitrate,
                user == null ? null : new CameraOptions.Credentials(user, secret));
        List<CameraOptions> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(base.withPort(port == 0 ? 0 : port + i));
        }
        return all;
    }

    /**
     * {@code kvs-edge camera serving rtsp://HOST:PORT/PATH (WxH, FPS fps, H.264)}; with authentication, the user name
     * is named but the password is not printed.
     */
    static String readyLine(SimulatedCamera camera) {
        CameraOptions options = camera.options();
        String auth = options.credentials() == null ? "" : ", user " + options.credentials().username();
        return "kvs-edge camera serving " + camera.url() + " (" + options.width() + "x" + options.height() + ", "
                + options.fps()
                + " fps, H.264" + auth + ")";
    }
}
