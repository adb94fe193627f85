package dev.kvsedge.server.timeline;

import static dev.kvsedge.model.console.ConsoleShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.streams.StreamShapes.DescribeStreamRequest;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.edge.EdgeConfigStore;
import dev.kvsedge.server.edge.EdgeService;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a timeline and a stream list need without reading every fragment: the recorded spans of a time range
 * (GetMediaCoverage) and each stream's latest fragment with its edge sync state (ListStreamActivity).
 * kvs-edge's extension, see docs/console-api.md.
 */
public final class TimelineService {
    /** The widest range one call covers: a month of 2-second fragments is about 1.3 million index rows. */
    static final Duration MAX_RANGE = Duration.ofDays(32);
    static final long DEFAULT_MIN_GAP_MILLIS = 1000;
    static final int DEFAULT_MAX_RANGES = 2000;
    /** AWS refuses fragments longer than 10 s, so one that started this much before a range may still reach into it. */
    private static final Duration LONGEST_FRAGMENT = Duration.ofSeconds(10);

    private final StreamService streams;
    private final FragmentStore fragments;
    private final CoverageStore coverage;
    private final EdgeConfigStore edge;

    public TimelineService(StreamService streams, FragmentStore fragments, CoverageStore coverage,
            EdgeConfigStore edge) {
        this.streams = streams;
        this.fragments = fragments;
        this.coverage = coverage;
        this.edge = edge;
    }

    public GetMediaCoverageResponse coverage(Scope scope, GetMediaCoverageRequest request) {
        Stream stream = streams.requireStream(scope, request);
        if (!request.startTimestamp().isBefore(request.endTimestamp())) {
            throw ApiException.invalidArgument("StartTimestamp must be before EndTimestamp.");
        }
        if (Duration.between(request.startTimestamp(), request.endTimestamp()).compareTo(MAX_RANGE) > 0) {
            throw ApiException
                    .invalidArgument("One GetMediaCoverage call covers at most " + MAX_RANGE.toDays() + " days.");
        }
        Coverage spans = new Coverage(request.startTimestamp(), request.endTimestamp(),
                request.minGapMillis() == null ? DEFAULT_MIN_GAP_MILLIS : request.minGapMillis(),
                request.maxRanges() == null ? DEFAULT_MAX_RANGES : request.maxRanges());
        coverage.scan(stream.arn(), request.startTimestamp().minus(LONGEST_FRAGMENT), request.endTimestamp(), spans);
        return new GetMediaCoverageResponse(spans.ranges(), spans.truncated(),
                fragments.latest(stream.arn()).map(TimelineService::summary).orElse(null));
    }

    public ListStreamActivityResponse activity(Scope scope, ListStreamActivityRequest request) {
        List<StreamActivity> activity = new ArrayList<>();
        for (String name : request.streamNames()) {
            find(scope, name).ifPresent(stream -> {
                FragmentSummary latest = fragments.latest(stream.arn()).map(TimelineService::summary).orElse(null);
                activity.add(edge.find(stream.key()).filter(c -> c.streamArn().equals(stream.arn()))
                        .map(c -> new StreamActivity(name, stream.arn(), latest, c.hubDeviceArn(), c.status().name(),
                                EdgeService.describe(c, true).edgeAgentStatus()))
                        .orElseGet(() -> new StreamActivity(name, stream.arn(), latest, null, null, null)));
            });
        }
        return new ListStreamActivityResponse(activity);
    }

    private Optional<Stream> find(Scope scope, String name) {
        try {
            return Optional.of(streams.requireStream(scope, new DescribeStreamRequest(name, null)));
        } catch (ApiException e) {
            if (e.errorCode() == ErrorCode.RESOURCE_NOT_FOUND) {
                return Optional.empty(); // deleted since the caller listed it
            }
            throw e;
        }
    }

    private static FragmentSummary summary(Fragment f) {
        return new FragmentSummary(f.numberText(), f.producerTimestamp(), f.serverTimestamp());
    }
}
