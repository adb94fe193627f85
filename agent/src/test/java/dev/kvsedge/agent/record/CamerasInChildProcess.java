package dev.kvsedge.agent.record;

import dev.kvsedge.camera.CameraOptions;
import dev.kvsedge.camera.SimulatedCamera;

/** Serves N simulated 1080p25 cameras and prints their URLs, one a line, until killed: for {@link RecorderDensityBench}. */
public final class CamerasInChildProcess {
    private CamerasInChildProcess() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        for (int i = 0; i < n; i++) {
            SimulatedCamera camera = SimulatedCamera.start(CameraOptions.anyPort().withSize(1920, 1080));
            System.out.println(camera.url());
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
