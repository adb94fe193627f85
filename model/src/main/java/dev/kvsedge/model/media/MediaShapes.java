package dev.kvsedge.model.media;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kvsedge.model.streams.StreamShapes.StreamReference;
import java.time.Instant;
import java.util.List;

/**
 * Request and response shapes of the kinesis-video-archived-media and kinesis-video-media operations, named
 * and laid out as in the AWS models. Absent members are null.
 */
public final class MediaShapes {
    private MediaShapes() {}

    public record TimestampRange(Instant startTimestamp, Instant endTimestamp) {}

    public record FragmentSelector(String fragmentSelectorType, TimestampRange timestampRange) {}

    public record ListFragmentsRequest(String streamName, String streamARN, Long maxResults, String nextToken,
            FragmentSelector fragmentSelector) implements StreamReference {}

    public record FragmentInfo(String fragmentNumber, long fragmentSizeInBytes, Instant producerTimestamp,
            Instant serverTimestamp, long fragmentLengthInMilliseconds) {}

    public record ListFragmentsResponse(List<FragmentInfo> fragments, String nextToken) {}

    public record GetMediaForFragmentListRequest(String streamName, String streamARN, List<String> fragments)
            implements
                StreamReference {}

    public record StartSelector(String startSelectorType, String afterFragmentNumber, Instant startTimestamp,
            String continuationToken) {}

    public record GetMediaRequest(String streamName, String streamARN,
            StartSelector startSelector) implements StreamReference {}

    public record ClipFragmentSelector(String fragmentSelectorType, TimestampRange timestampRange) {}

    public record GetClipRequest(String streamName, String streamARN, ClipFragmentSelector clipFragmentSelector)
            implements
                StreamReference {}

    /** HLS and DASH share the selector's shape (HLSFragmentSelector, DASHFragmentSelector). */
    public record PlaybackFragmentSelector(String fragmentSelectorType, TimestampRange timestampRange) {}

    public record GetHLSStreamingSessionURLRequest(String streamName, String streamARN, String playbackMode,
            @JsonProperty("HLSFragmentSelector") PlaybackFragmentSelector hlsFragmentSelector, String containerFormat,
            String discontinuityMode, String displayFragmentTimestamp, Integer expires,
            Long maxMediaPlaylistFragmentResults)
            implements
                StreamReference {}

    public record GetHLSStreamingSessionURLResponse(
            @JsonProperty("HLSStreamingSessionURL") String hlsStreamingSessionURL) {}

    public record GetDASHStreamingSessionURLRequest(String streamName, String streamARN, String playbackMode,
            String displayFragmentTimestamp, String displayFragmentNumber,
            @JsonProperty("DASHFragmentSelector") PlaybackFragmentSelector dashFragmentSelector, Integer expires,
            Long maxManifestFragmentResults) implements StreamReference {}

    public record GetDASHStreamingSessionURLResponse(
            @JsonProperty("DASHStreamingSessionURL") String dashStreamingSessionURL) {}
}
