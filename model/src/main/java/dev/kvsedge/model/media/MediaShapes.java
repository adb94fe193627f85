package dev.kvsedge.model.media;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kvsedge.model.streams.StreamShapes.StreamReference;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Request and response shapes of the kinesis-video-archived-media and kinesis-video-media operations, named
 * and laid out as in the AWS models. Absent members are null.
 */
public final class MediaShapes {
    private MediaShapes() {}

    public record TimestampRange(@Nullable Instant startTimestamp, @Nullable Instant endTimestamp) {}

    public record FragmentSelector(String fragmentSelectorType, TimestampRange timestampRange) {}

    public record ListFragmentsRequest(@Nullable String streamName, @Nullable String streamARN,
            @Nullable Long maxResults, @Nullable String nextToken,
            @Nullable FragmentSelector fragmentSelector) implements StreamReference {}

    public record FragmentInfo(String fragmentNumber, long fragmentSizeInBytes, Instant producerTimestamp,
            Instant serverTimestamp, long fragmentLengthInMilliseconds) {}

    public record ListFragmentsResponse(List<FragmentInfo> fragments, @Nullable String nextToken) {}

    public record GetMediaForFragmentListRequest(@Nullable String streamName, @Nullable String streamARN,
            List<String> fragments)
            implements
                StreamReference {}

    public record StartSelector(String startSelectorType, @Nullable String afterFragmentNumber,
            @Nullable Instant startTimestamp, @Nullable String continuationToken) {}

    public record GetMediaRequest(@Nullable String streamName, @Nullable String streamARN,
            StartSelector startSelector) implements StreamReference {}

    public record ClipFragmentSelector(String fragmentSelectorType, TimestampRange timestampRange) {}

    public record GetClipRequest(@Nullable String streamName, @Nullable String streamARN,
            ClipFragmentSelector clipFragmentSelector)
            implements
                StreamReference {}

    /** HLS and DASH share the selector's shape (HLSFragmentSelector, DASHFragmentSelector). */
    public record PlaybackFragmentSelector(@Nullable String fragmentSelectorType,
            @Nullable TimestampRange timestampRange) {}

    public record GetHLSStreamingSessionURLRequest(@Nullable String streamName, @Nullable String streamARN,
            @Nullable String playbackMode,
            @JsonProperty("HLSFragmentSelector") @Nullable PlaybackFragmentSelector hlsFragmentSelector,
            @Nullable String containerFormat, @Nullable String discontinuityMode,
            @Nullable String displayFragmentTimestamp, @Nullable Integer expires,
            @Nullable Long maxMediaPlaylistFragmentResults)
            implements
                StreamReference {}

    public record GetHLSStreamingSessionURLResponse(
            @JsonProperty("HLSStreamingSessionURL") String hlsStreamingSessionURL) {}

    public record GetDASHStreamingSessionURLRequest(@Nullable String streamName, @Nullable String streamARN,
            @Nullable String playbackMode, @Nullable String displayFragmentTimestamp,
            @Nullable String displayFragmentNumber,
            @JsonProperty("DASHFragmentSelector") @Nullable PlaybackFragmentSelector dashFragmentSelector,
            @Nullable Integer expires, @Nullable Long maxManifestFragmentResults) implements StreamReference {}

    public record GetDASHStreamingSessionURLResponse(
            @JsonProperty("DASHStreamingSessionURL") String dashStreamingSessionURL) {}
}
