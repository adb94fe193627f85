package dev.kvsedge.media.mkv;

import dev.kvsedge.media.Track;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns a Tracks element into {@link Track} records, keeping only what remuxing needs. */
public final class TracksParser {
    private TracksParser() {}

    /**
     * @param tracksElement the whole Tracks element, ID and size included
     * @param streamOffset where it starts in its stream, for error messages
     */
    public static List<Track> parse(byte[] tracksElement, long streamOffset) {
        try {
            EbmlReader r = new EbmlReader(new ByteArrayInputStream(tracksElement), streamOffset);
            EbmlReader.Element tracks = r.readChild(streamOffset + tracksElement.length);
            if (tracks.id() != MkvIds.TRACKS || tracks.end() != streamOffset + tracksElement.length) {
                throw new MkvFormatException(streamOffset, "not a Tracks element");
            }
            List<Track> result = new ArrayList<>();
            Set<Integer> numbers = new HashSet<>();
            while (r.position() < tracks.end()) {
                EbmlReader.Element e = r.readChild(tracks.end());
                if (e.id() != MkvIds.TRACK_ENTRY) {
                    r.skip(e.size());
                    continue;
                }
                Track track = entry(r, e);
                if (!numbers.add(track.number())) {
                    throw new MkvFormatException(e.offset(), "two tracks numbered " + track.number());
                }
                result.add(track);
            }
            return List.copyOf(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail
        }
    }

    private static Track entry(EbmlReader r, EbmlReader.Element entry) throws IOException {
        long number = 0;
        int type = 0;
        String codecId = "";
        byte[] codecPrivate = new byte[0];
        long defaultDuration = 0;
        long width = 0;
        long height = 0;
        double sampling = 8000; // the Matroska defaults for an audio track without them
        long channels = 1;
        while (r.position() < entry.end()) {
            EbmlReader.Element e = r.readChild(entry.end());
            switch (e.id()) {
                case MkvIds.TRACK_NUMBER -> number = r.readUnsigned(e);
                case MkvIds.TRACK_TYPE -> type = (int) Math.min(r.readUnsigned(e), 255);
                case MkvIds.CODEC_ID -> codecId = r.readString(e, e.size());
                case MkvIds.CODEC_PRIVATE -> codecPrivate = r.readPayload(e, e.size());
                case MkvIds.DEFAULT_DURATION -> defaultDuration = r.readUnsigned(e);
                case MkvIds.VIDEO -> {
                    while (r.position() < e.end()) {
                        EbmlReader.Element v = r.readChild(e.end());
                        switch (v.id()) {
                            case MkvIds.PIXEL_WIDTH -> width = r.readUnsigned(v);
                            case MkvIds.PIXEL_HEIGHT -> height = r.readUnsigned(v);
                            default -> r.skip(v.size());
                        }
                    }
                }
                case MkvIds.AUDIO -> {
                    while (r.position() < e.end()) {
                        EbmlReader.Element a = r.readChild(e.end());
                        switch (a.id()) {
                            case MkvIds.SAMPLING_FREQUENCY -> sampling = r.readFloat(a);
                            case MkvIds.CHANNELS -> channels = r.readUnsigned(a);
                            default -> r.skip(a.size());
                        }
                    }
                }
                default -> r.skip(e.size());
            }
        }
        if (number < 1 || number > Integer.MAX_VALUE) {
            throw new MkvFormatException(entry.offset(), "TrackEntry without a valid TrackNumber");
        }
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE || channels > Integer.MAX_VALUE) {
            throw new MkvFormatException(entry.offset(), "TrackEntry with absurd dimensions or channels");
        }
        boolean audio = type == Track.AUDIO;
        return new Track((int) number, type, codecId, codecPrivate, defaultDuration,
                audio ? 0 : (int) width, audio ? 0 : (int) height, audio ? sampling : 0, audio ? (int) channels : 0);
    }
}
