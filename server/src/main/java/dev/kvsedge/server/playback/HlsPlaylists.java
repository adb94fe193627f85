package dev.kvsedge.server.playback;

import dev.kvsedge.server.fragments.Fragment;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Writes HLS playlists (RFC 8216) for a session; segment URLs are relative to the playlist's own URL. */
final class HlsPlaylists {
    /** RFC 8216's date-time with milliseconds, always in UTC: 2026-12-07T12:00:00.000Z. */
    private static final DateTimeFormatter PROGRAM_DATE_TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HlsPlaylists() {}

    static String master(PlaybackSession session, String token, String codecs, int width, int height, long bandwidth) {
        StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(version(session)).append('\n')
                .append("#EXT-X-INDEPENDENT-SEGMENTS\n")
                .append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth).append(",CODECS=\"").append(codecs)
                .append('"');
        if (width > 0 && height > 0) {
            m3u8.append(",RESOLUTION=").append(width).append('x').append(height);
        }
        return m3u8.append("\ngetHLSMediaPlaylist.m3u8?SessionToken=").append(token).append('\n').toString();
    }

    static String media(PlaybackSession session, String token, List<Fragment> fragments, long firstSequence) {
        boolean mp4 = session.container().equals("FRAGMENTED_MP4");
        long target = 1;
        for (Fragment f : fragments) {
            target = Math.max(target, (f.durationMillis() + 999) / 1000);
        }
        StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(version(session)).append('\n')
                .append("#EXT-X-TARGETDURATION:").append(target).append('\n')
                .append("#EXT-X-MEDIA-SEQUENCE:").append(firstSequence).append('\n');
        if (session.mode().equals("ON_DEMAND")) {
            m3u8.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
        }
        if (mp4) {
            m3u8.append("#EXT-X-MAP:URI=\"getMP4InitFragment.mp4?SessionToken=").append(token).append("\"\n");
        }
        Fragment previous = null;
        for (Fragment f : fragments) {
            if (discontinuity(session, previous, f)) {
                m3u8.append("#EXT-X-DISCONTINUITY\n");
            }
            if (session.programDateTime()) {
                Instant start = session.selector().equals("PRODUCER_TIMESTAMP")
                        ? f.producerTimestamp()
                        : f.serverTimestamp();
                m3u8.append("#EXT-X-PROGRAM-DATE-TIME:").append(PROGRAM_DATE_TIME.format(start)).append('\n');
            }
            m3u8.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", f.durationMillis() / 1000.0))
                    .append(",\n")
                    .append(mp4 ? "getMP4MediaFragment.mp4" : "getTSFragment.ts").append("?FragmentNumber=")
                    .append(f.numberText())
                    .append("&SessionToken=").append(token).append('\n');
            previous = f;
        }
        if (session.ended()) {
            m3u8.append("#EXT-X-ENDLIST\n");
        }
        return m3u8.toString();
    }

    /** ALWAYS: before every fragment after the first; ON_DISCONTINUITY: where producer time jumps by over 50 ms. */
    private static boolean discontinuity(PlaybackSession session, @Nullable Fragment previous, Fragment next) {
        if (previous == null) {
            return false;
        }
        return switch (session.discontinuityMode()) {
            case "ALWAYS" -> true;
            case "ON_DISCONTINUITY" -> Math.abs(next.producerTimestamp().toEpochMilli()
                    - (previous.producerTimestamp().toEpochMilli() + previous.durationMillis())) > 50;
            default -> false;
        };
    }

    /** Version 7 for fragmented MP4 (EXT-X-MAP), 3 for MPEG-TS with decimal durations. */
    private static int version(PlaybackSession session) {
        return session.container().equals("FRAGMENTED_MP4") ? 7 : 3;
    }
}
