package dev.kvsedge.server.playback;

import dev.kvsedge.server.fragments.Fragment;
import java.util.List;

/**
 * Writes DASH manifests (ISO/IEC 23009-1) over the same fragmented MP4 segments as HLS. Segment times are on the
 * producer time line in 90 kHz ticks, as the segments' own decode times are, so presentationTimeOffset moves the
 * first one to 0.
 */
final class DashManifests {
    private static final long TICKS_PER_MS = 90;

    private DashManifests() {}

    static String manifest(PlaybackSession session, String token, List<Fragment> fragments, String codecs, int width,
            int height, long bandwidth) {
        long origin = fragments.getFirst().producerTimestamp().toEpochMilli() * TICKS_PER_MS;
        long totalMillis = 0;
        for (Fragment f : fragments) {
            totalMillis += f.durationMillis();
        }
        boolean dynamic = !session.ended();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\"")
                .append(" minBufferTime=\"PT2S\"");
        if (dynamic) {
            xml.append(" type=\"dynamic\" minimumUpdatePeriod=\"PT2S\" availabilityStartTime=\"")
                    .append(fragments.getFirst().producerTimestamp()).append('"');
        } else {
            xml.append(" type=\"static\" mediaPresentationDuration=\"PT").append(totalMillis / 1000.0).append("S\"");
        }
        xml.append(">\n <Period id=\"0\" start=\"PT0S\">\n")
                .append("  <AdaptationSet mimeType=\"video/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\">\n")
                .append("   <Representation id=\"1\" codecs=\"").append(codecs).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" bandwidth=\"").append(bandwidth).append("\">\n")
                .append("    <SegmentList timescale=\"90000\" presentationTimeOffset=\"").append(origin).append("\">\n")
                .append("     <Initialization sourceURL=\"getMP4InitFragment.mp4?SessionToken=").append(token)
                .append("\"/>\n")
                .append("     <SegmentTimeline>\n");
        for (Fragment f : fragments) {
            xml.append("      <S t=\"").append(f.producerTimestamp().toEpochMilli() * TICKS_PER_MS).append("\" d=\"")
                    .append(f.durationMillis() * TICKS_PER_MS).append("\"/>\n");
        }
        xml.append("     </SegmentTimeline>\n");
        for (Fragment f : fragments) {
            xml.append("     <SegmentURL media=\"getMP4MediaFragment.mp4?FragmentNumber=").append(f.numberText())
                    .append("&amp;SessionToken=").append(token).append("\"/>\n");
        }
        return xml.append("    </SegmentList>\n   </Representation>\n  </AdaptationSet>\n </Period>\n</MPD>\n")
                .toString();
    }
}
