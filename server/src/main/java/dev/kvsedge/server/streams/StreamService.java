package dev.kvsedge.server.streams;

import static dev.kvsedge.model.streams.StreamShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.Arns;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.PageTokens;
import dev.kvsedge.server.accounts.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The stream operations of the kinesisvideo control plane: streams live in one account and region,
 * carry a version that every metadata update replaces, and keep at most 50 tags.
 */
public final class StreamService {
    static final int MAX_TAGS = 50;
    static final int MAX_RETENTION_HOURS = 87_600;
    private static final int DEFAULT_PAGE = 10_000;

    private final StreamStore store;
    private final Clock clock;
    private final Supplier<String> versions;
    private final Predicate<StreamKey> hasEdgeConfiguration;
    private final Runnable mediaReleased;

    /**
     * {@code hasEdgeConfiguration} tells whether a stream is bound to a hub device, which keeps it from deletion;
     * {@code mediaReleased} is told when media is no longer wanted (a stream deleted, a retention lowered), so that its
     * space is freed at once rather than at the next periodic sweep (a full disk waits for exactly that).
     */
    public StreamService(StreamStore store, Clock clock, Supplier<String> versions,
            Predicate<StreamKey> hasEdgeConfiguration,
            Runnable mediaReleased) {
        this.store = store;
        this.clock = clock;
        this.versions = versions;
        this.hasEdgeConfiguration = hasEdgeConfiguration;
        this.mediaReleased = mediaReleased;
    }

    public CreateStreamResponse create(Scope scope, CreateStreamRequest request) {
        Instant created = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String arn = Arns.stream(scope.region(), scope.accountId(), request.streamName(), created);
        String kmsKeyId = request.kmsKeyId() != null
                ? request.kmsKeyId()
                : "arn:aws:kms:" + scope.region() + ":" + scope.accountId() + ":alias/aws/kinesisvideo";
        int retention = request.dataRetentionInHours() == null ? 0 : request.dataRetentionInHours();
        if (retention > MAX_RETENTION_HOURS) {
            throw ApiException.invalidArgument("DataRetentionInHours must be at most " + MAX_RETENTION_HOURS + ".");
        }
        String tier = request.streamStorageConfiguration() == null
                ? Stream.HOT
                : request.streamStorageConfiguration().defaultStorageTier();
        Stream stream = new Stream(new StreamKey(scope, request.streamName()), arn, request.deviceName(),
                request.mediaType(), kmsKeyId, versions.get(), created, retention,
                new TreeMap<>(request.tags() == null ? Map.of() : request.tags()), tier);
        if (!store.create(stream)) {
            throw new ApiException(ErrorCode.RESOURCE_IN_USE,
                    "The stream " + request.streamName() + " already exists.");
        }
        StreamEvents.created(stream);
        return new CreateStreamResponse(arn);
    }

    public DescribeStreamResponse describe(Scope scope, DescribeStreamRequest request) {
        return new DescribeStreamResponse(info(resolve(scope, request)));
    }

    public ListStreamsResponse list(Scope scope, ListStreamsRequest request) {
        int limit = request.maxResults() == null ? DEFAULT_PAGE : request.maxResults();
        String prefix = null;
        if (request.streamNameCondition() != null) {
            prefix = request.streamNameCondition().comparisonValue();
        }
        String after = PageTokens.decode("ListStreams", request.nextToken());
        List<Stream> page = store.list(scope, prefix, after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = PageTokens.encode("ListStreams", page.getLast().key().name());
        }
        return new ListStreamsResponse(page.stream().map(StreamService::info).toList(), next);
    }

    public void delete(Scope scope, DeleteStreamRequest request) {
        Stream stream = byArn(scope, request.streamARN());
        boolean deleted = store.delete(stream.key(), current -> {
            requireSameStream(current, request.streamARN());
            requireVersion(current, request.currentVersion());
            if (hasEdgeConfiguration.test(current.key())) {
                throw new ApiException(ErrorCode.RESOURCE_IN_USE, "The stream " + current.key().name()
                        + " has an edge configuration. Delete it first with DeleteEdgeConfiguration.");
            }
        });
        if (!deleted) {
            throw notFound();
        }
        StreamEvents.deleted(stream);
        mediaReleased.run();
    }

    public void update(Scope scope, UpdateStreamRequest request) {
        change(scope, request, request.currentVersion(), "metadata", current -> new Stream(current.key(), current.arn(),
                request.deviceName() != null ? request.deviceName() : current.deviceName(),
                request.mediaType() != null ? request.mediaType() : current.mediaType(),
                current.kmsKeyId(), versions.get(), current.creationTime(), current.dataRetentionInHours(),
                current.tags(),
                current.storageTier()));
    }

    public void updateDataRetention(Scope scope, UpdateDataRetentionRequest request) {
        int sign = "INCREASE_DATA_RETENTION".equals(request.operation()) ? 1 : -1;
        change(scope, request, request.currentVersion(), "retention", current -> {
            long retention = (long) current.dataRetentionInHours() + sign * (long) request.dataRetentionChangeInHours();
            if (retention < 0 || retention > MAX_RETENTION_HOURS) {
                throw ApiException.invalidArgument("The resulting DataRetentionInHours " + retention
                        + " must be between 0 and " + MAX_RETENTION_HOURS + ".");
            }
            return new Stream(current.key(), current.arn(), current.deviceName(), current.mediaType(),
                    current.kmsKeyId(),
                    versions.get(), current.creationTime(), (int) retention, current.tags(), current.storageTier());
        });
        if (sign < 0) {
            mediaReleased.run();
        }
    }

    /** UpdateStreamStorageConfiguration: the stream's default storage tier, with the version check of every update. */
    public void updateStorageTier(Scope scope, StreamReference reference, String currentVersion, String tier) {
        change(scope, reference, currentVersion, "storage tier",
                current -> current.withStorageTier(tier, versions.get()));
    }

    public void tag(Scope scope, TagStreamRequest request) {
        addTags(resolve(scope, request), request.tags());
    }

    public void untag(Scope scope, UntagStreamRequest request) {
        removeTags(resolve(scope, request), request.tagKeyList());
    }

    public ListTagsResponse listTags(Scope scope, ListTagsForStreamRequest request) {
        return new ListTagsResponse(null, resolve(scope, request).tags());
    }

    public void tagResource(Scope scope, TagResourceRequest request) {
        Map<String, String> tags = new TreeMap<>();
        request.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        addTags(byArn(scope, request.resourceARN()), tags);
    }

    public void untagResource(Scope scope, UntagResourceRequest request) {
        removeTags(byArn(scope, request.resourceARN()), request.tagKeyList());
    }

    public ListTagsResponse listTagsForResource(Scope scope, ListTagsForResourceRequest request) {
        return new ListTagsResponse(null, byArn(scope, request.resourceARN()).tags());
    }

    /** Checks the stream exists; the data endpoint itself is where this server is reached. */
    public Stream requireStream(Scope scope, StreamReference reference) {
        return resolve(scope, reference);
    }

    /** Whether the ARN names a stream that exists now (not one deleted, nor an older one of the same name). */
    public boolean exists(String arn) {
        return Arns.parse(arn).filter(a -> a.type().equals("stream"))
                .flatMap(a -> store.find(new StreamKey(new Scope(a.accountId(), a.region()), a.name())))
                .map(stream -> stream.arn().equals(arn)).orElse(false);
    }

    private void addTags(Stream stream, Map<String, String> tags) {
        Stream after = store.update(stream.key(), current -> {
            requireSameStream(current, stream.arn());
            Map<String, String> merged = new TreeMap<>(current.tags());
            merged.putAll(tags);
            if (merged.size() > MAX_TAGS) {
                throw tooManyTags();
            }
            return current.withTags(merged);
        }).orElseThrow(StreamService::notFound);
        StreamEvents.updated(after, "tags");
    }

    private void removeTags(Stream stream, List<String> keys) {
        Stream after = store.update(stream.key(), current -> {
            requireSameStream(current, stream.arn());
            Map<String, String> remaining = new TreeMap<>(current.tags());
            keys.forEach(remaining::remove);
            return current.withTags(remaining);
        }).orElseThrow(StreamService::notFound);
        StreamEvents.updated(after, "tags");
    }

    private void change(Scope scope, StreamReference reference, String currentVersion, String what,
            java.util.function.UnaryOperator<Stream> change) {
        Stream stream = resolve(scope, reference);
        Stream after = store.update(stream.key(), current -> {
            requireSameStream(current, stream.arn());
            requireVersion(current, currentVersion);
            return change.apply(current);
        }).orElseThrow(StreamService::notFound);
        StreamEvents.updated(after, what);
    }

    private Stream resolve(Scope scope, StreamReference reference) {
        String name = reference.streamName();
        String arn = reference.streamARN();
        if (arn != null && name == null) {
            return byArn(scope, arn);
        }
        if (name != null && arn == null) {
            return store.find(new StreamKey(scope, name)).orElseThrow(StreamService::notFound);
        }
        throw ApiException.invalidArgument("Specify either the StreamName or the StreamARN, but not both.");
    }

    /** A stream ARN of another account or region, or of a stream since deleted, names nothing here. */
    private Stream byArn(Scope scope, String arn) {
        Arns.ResourceArn parsed = Arns.parse(arn).orElseThrow(() -> new ApiException(ErrorCode.INVALID_RESOURCE_FORMAT,
                "The format of the ARN " + arn + " is invalid."));
        if (!parsed.type().equals("stream") || !parsed.accountId().equals(scope.accountId())
                || !parsed.region().equals(scope.region())) {
            throw notFound();
        }
        Stream stream = store.find(new StreamKey(scope, parsed.name())).orElseThrow(StreamService::notFound);
        requireSameStream(stream, arn);
        return stream;
    }

    private static void requireSameStream(Stream current, String arn) {
        if (!current.arn().equals(arn)) {
            throw notFound();
        }
    }

    private static void requireVersion(Stream current, @Nullable String version) {
        if (version != null && !current.version().equals(version)) {
            throw new ApiException(ErrorCode.VERSION_MISMATCH,
                    "The stream version that you specified is not the latest version. To get the latest version, use DescribeStream.");
        }
    }

    static StreamInfo info(Stream stream) {
        return new StreamInfo(stream.deviceName(), stream.key().name(), stream.arn(), stream.mediaType(),
                stream.kmsKeyId(),
                stream.version(), "ACTIVE", stream.creationTime(), stream.dataRetentionInHours());
    }

    private static ApiException notFound() {
        return ApiException.notFound("The requested stream is not found or not active.");
    }

    private static ApiException tooManyTags() {
        return new ApiException(ErrorCode.TAGS_PER_RESOURCE_EXCEEDED_LIMIT,
                "A Kinesis video stream can support up to " + MAX_TAGS + " tags.");
    }
}
