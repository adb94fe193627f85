package dev.kvsedge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What idle agent long-polls cost the server, and how fast a change reaches a waiting agent.
 * Opens N long-polls (WaitForEdgeAgentChanges, 60 s) spread over hubs, reads the server's resident
 * memory and CPU time while they wait, then measures, for fresh hubs, the time from a
 * StartEdgeConfigurationUpdate answer to the waiting poll's answer. A poll answered before the wake-ups (refused at
 * the server's connection cap, or timed out because opening them all took too long) makes the run invalid.
 *
 * <pre>java -cp bench/target/kvs-edge-bench.jar dev.kvsedge.bench.LongPollLoad URL SERVER_PID [POLLS] [WAKEUPS]</pre>
 */
public final class LongPollLoad {
    private LongPollLoad() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        long pid = Long.parseLong(args[1]);
        int polls = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int wakeups = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        RequestSigner signer = new RequestSigner(endpoint, "us-east-1", "test", "test");

        long rssBefore = rssKb(pid);
        long opening = System.nanoTime();
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
            socket.getOutputStream().write(signer.signedPost("/edgeAgent/waitForChanges",
                    "{\"HubDeviceArn\":\"arn:aws:iot:us-east-1:123456789012:thing/idle-" + (i % 500)
                            + "\",\"Since\":0,\"WaitSeconds\":60}"));
            idle.add(socket);
        }
        double openSeconds = (System.nanoTime() - opening) / 1e9;
        double settleSeconds = settle(pid);
        long cpuStart = cpuTicks(pid);
        Thread.sleep(10_000);
        long idleCpuTicks = cpuTicks(pid) - cpuStart;
        long rssWaiting = rssKb(pid);
        int answeredEarly = 0;
        for (Socket socket : idle) {
            answeredEarly += socket.getInputStream().available() > 0 ? 1 : 0;
        }

        double[] wakeMillis = new double[wakeups];
        for (int i = 0; i < wakeups; i++) {
            wakeMillis[i] = wakeUp(endpoint, signer, "wake-" + System.nanoTime());
        }
        Arrays.sort(wakeMillis);
        for (Socket socket : idle) {
            socket.close();
        }
        System.out.printf(
                "LONGPOLL polls=%d opened_in_s=%.1f settled_in_s=%.1f answered_early=%d valid=%b idle_cpu_percent_of_a_core=%.2f"
                        + " rss_before_mb=%.1f rss_waiting_mb=%.1f rss_per_poll_kb=%.1f wake_p50_ms=%.2f wake_p99_ms=%.2f"
                        + " wake_max_ms=%.2f%n",
                polls, openSeconds, settleSeconds, answeredEarly, answeredEarly == 0, idleCpuTicks / 10.0,
                rssBefore / 1024.0,
                rssWaiting / 1024.0, (rssWaiting - rssBefore) / (double) polls, wakeMillis[wakeups / 2],
                wakeMillis[Math.min(wakeups - 1, (int) Math.ceil(wakeups * 0.99) - 1)], wakeMillis[wakeups - 1]);
        if (answeredEarly > 0) {
            System.exit(1);
        }
    }

    /**
     * Milliseconds from sending a StartEdgeConfigurationUpdate to the answer of a poll waiting on its hub
     * (the Start call's own processing included: an upper bound of the wake-up).
     */
    private static double wakeUp(URI endpoint, RequestSigner signer, String name) throws Exception {
        String hub = "arn:aws:iot:us-east-1:123456789012:thing/" + name;
        call(endpoint,
                signer.signedPost("/createStream", "{\"StreamName\":\"" + name + "\",\"DataRetentionInHours\":1}"));
        try (Socket poll = new Socket(endpoint.getHost(), endpoint.getPort())) {
            poll.getOutputStream().write(signer.signedPost("/edgeAgent/waitForChanges",
                    "{\"HubDeviceArn\":\"" + hub + "\",\"Since\":0,\"WaitSeconds\":30}"));
            Thread.sleep(100);
            CompletableFuture<Long> answered = CompletableFuture.supplyAsync(() -> readResponse(poll));
            long started = System.nanoTime();
            call(endpoint, signer.signedPost("/startEdgeConfigurationUpdate", "{\"StreamName\":\"" + name
                    + "\",\"EdgeConfig\":"
                    + "{\"HubDeviceArn\":\"" + hub
                    + "\",\"RecorderConfig\":{\"MediaSourceConfig\":{\"MediaUriSecretArn\":"
                    + "\"arn:aws:secretsmanager:us-east-1:123456789012:secret:cam-AbCdEf\",\"MediaUriType\":\"RTSP_URI\"}}}}"));
            return (answered.get(30, TimeUnit.SECONDS) - started) / 1e6;
        }
    }

    private static void call(URI endpoint, byte[] request) throws IOException {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.getOutputStream().write(request);
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            if (!head.endsWith("200")) {
                throw new IOException("unexpected answer " + head);
            }
        }
    }

    /** Reads until the status line arrives and returns when (System.nanoTime) it did. */
    private static long readResponse(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            if (in.read() < 0) {
                throw new IOException("closed");
            }
            return System.nanoTime();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Seconds until the server has taken in the polls sent (each is read, checked and recorded, which can go on well
     * after the last was sent): until it used at most 2% of a core in each of 2 seconds in a row, or 30 s. At least 3 s.
     */
    private static double settle(long pid) throws Exception {
        long start = System.nanoTime();
        Thread.sleep(1000);
        int quiet = 0;
        long before = cpuTicks(pid);
        while (System.nanoTime() - start < 30e9 && (quiet < 2 || System.nanoTime() - start < 3e9)) {
            Thread.sleep(1000);
            long now = cpuTicks(pid);
            quiet = now - before <= 2 ? quiet + 1 : 0;
            before = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** utime + stime of the process, in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
