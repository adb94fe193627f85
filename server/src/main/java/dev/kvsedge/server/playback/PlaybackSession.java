package dev.kvsedge.server.playback;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an HLS or DASH session URL grants, sealed into its SessionToken: one stream, one mode, one range,
 * until it expires. Nothing is stored server-side, so sessions survive restarts and cost nothing.
 *
 * @param protocol HLS or DASH
 * @param container FRAGMENTED_MP4 or MPEG_TS
 * @param selector PRODUCER_TIMESTAMP or SERVER_TIMESTAMP
 * @param start the range's start, or null (LIVE)
 * @param end the range's end, or null (LIVE, open LIVE_REPLAY)
 * @param maxFragments how many fragments a playlist or manifest lists at most
 * @param originNumber LIVE: the first fragment the session listed; media sequence numbers count from it
 * @param programDateTime HLS with DisplayFragmentTimestamp ALWAYS: each fragment's start time is in the playlist
 *     (a token sealed before this existed reads as false, AWS's default NEVER)
 */
record PlaybackSession(String protocol, String streamArn, String mode, String container, String selector,
        String discontinuityMode, @Nullable Instant start, @Nullable Instant end, long maxFragments,
        Instant expires,
        long originNumber, boolean programDateTime) {

    /** Where the range of an ON_DEMAND or LIVE_REPLAY session begins: opening such a session required it. */
    Instant rangeStart() {
        return Objects.requireNonNull(start, "a session with a range has a start");
    }

    PlaybackSession withOrigin(long number) {
        return new PlaybackSession(protocol, streamArn, mode, container, selector, discontinuityMode, start, end,
                maxFragments,
                expires, number, programDateTime);
    }

    boolean live() {
        return mode.equals("LIVE");
    }

    boolean ended() {
        return mode.equals("ON_DEMAND") || (mode.equals("LIVE_REPLAY") && end != null);
    }
}
