package dev.kvsedge.camera;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client's RTP stream: its own SSRC, sequence numbers and timestamp offset (random starts, RFC 3550), its
 * transport, and whether it is receiving. Timestamps come from the camera's frame clock, so they advance with real
 * time whatever the loop does: across loop passes, pauses and catch-ups they never go back. Used by the camera's
 * thread only.
 */
final class Session {
    /** Seconds without a request after which a UDP session is dropped, as the Session header announces. */
    static final int TIMEOUT_SECONDS = 60;
    /** How often a receiving client gets an RTCP sender report. */
    static final long REPORT_INTERVAL_NANOS = 5_000_000_000L;

    enum State {
        /** Set up, not playing. */
        READY,
        /** Playing, waiting for the next key frame to start from. */
        WAITING_FOR_KEY,
        /** Receiving every frame. */
        PLAYING
    }

    final String id;
    final int ssrc;
    final Transport transport;
    /** For UDP: where RTP and RTCP go. */
    final InetSocketAddress rtpAddress;
    final InetSocketAddress rtcpAddress;
    private final int fps;
    private final long timestampOffset;
    State state = State.READY;
    /** The sequence number of the next RTP packet. */
    int nextSeq;
    /** The frame the client starts at once playing: the timestamps' origin. */
    long startFrame = -1;
    long packets;
    long octets;
    long nextReportNanos;

    Session(Transport transport, InetSocketAddress rtpAddress, InetSocketAddress rtcpAddress, int fps) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.id = HexFormat.of().withUpperCase().toHexDigits(random.nextLong());
        this.ssrc = random.nextInt();
        this.transport = transport;
        this.rtpAddress = rtpAddress;
        this.rtcpAddress = rtcpAddress;
        this.fps = fps;
        this.nextSeq = random.nextInt(0x10000);
        // the RTP timestamp of frame n is this plus n's 90 kHz time on the camera's clock
        this.timestampOffset = random.nextInt() & 0xFFFFFFFFL;
    }

    /** The RTP timestamp of the camera's frame {@code frame}. */
    int timestamp(long frame) {
        return (int) (timestampOffset + frame * 90_000L / fps);
    }

    boolean receiving() {
        return state != State.READY;
    }

    /** PLAY: receive from the first key frame at or after {@code frame}. */
    void play(long frame, int gopFrames) {
        state = State.WAITING_FOR_KEY;
        startFrame = (frame + gopFrames - 1) / gopFrames * gopFrames;
    }

    /** Whether the first frame has not been sent yet: RTP-Info then tells its timestamp and sequence number. */
    boolean notStarted() {
        return packets == 0;
    }
}
