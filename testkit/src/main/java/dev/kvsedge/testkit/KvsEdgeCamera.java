package dev.kvsedge.testkit;

/**
 * A simulated RTSP camera in the test's JVM: a moving test pattern in H.264, served to any number of clients on a
 * free loopback port. Put its {@link #url()} in a secret's {@code MediaURI} for an edge configuration to record it.
 */
public final class KvsEdgeCamera implements AutoCloseable {
    private final Remote camera;

    KvsEdgeCamera(Remote camera) {
        this.camera = camera;
    }

    /** The stream's URL, for example {@code rtsp://127.0.0.1:41234/live}. */
    public String url() {
        return (String) camera.call("url");
    }

    /** Stops sending frames, keeping connections open: a camera whose picture froze. */
    public void pause() {
        camera.call("pause");
    }

    /** Sends frames again, from the next key frame. */
    public void resume() {
        camera.call("resume");
    }

    @Override
    public void close() {
        camera.close();
    }
}
