package dev.kvsedge.server.images;

import static dev.kvsedge.model.media.ImageShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.PageTokens;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.fragments.FragmentStore.TimeKind;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * GetImages: an image for each sample time from StartTimestamp to EndTimestamp, SamplingInterval apart, made from
 * the frame of the stored H.264 that is shown at that time (by the producer's or the server's timestamps): the
 * latest frame at or before it of the fragment that covers it. A time no fragment covers is NO_MEDIA; media that
 * cannot be decoded into a picture is MEDIA_ERROR. Pages hold at most 25 images, as on AWS.
 */
public final class ImageService {
    static final Duration MAX_RANGE = Duration.ofSeconds(300);
    static final int MIN_INTERVAL_MILLIS = 200;
    static final int DEFAULT_INTERVAL_MILLIS = 3000;
    static final int MAX_PAGE = 25;
    /** Fragments are at most 10 s (PutMedia's limit): one covering a time starts at most that long before it. */
    private static final Duration LONGEST_FRAGMENT = Duration.ofSeconds(10);
    private static final int MAX_FRAGMENTS_LOOKED_AT = 10_000;

    private final StreamService streams;
    private final FragmentStore fragments;
    private final FragmentImages images;

    ImageService(StreamService streams, FragmentStore fragments, FragmentImages images) {
        this.streams = streams;
        this.fragments = fragments;
        this.images = images;
    }

    public GetImagesResponse getImages(Scope scope, GetImagesRequest request) {
        Stream stream = streams.requireStream(scope, request);
        if (stream.dataRetentionInHours() == 0) {
            throw new ApiException(ErrorCode.NO_DATA_RETENTION,
                    "The stream " + stream.key().name() + " keeps no media.");
        }
        Instant start = request.startTimestamp();
        Instant end = request.endTimestamp();
        if (end.isBefore(start)) {
            throw ApiException.invalidArgument("The EndTimestamp must not be before the StartTimestamp.");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw ApiException.invalidArgument("The time range between StartTimestamp and EndTimestamp must be at most "
                    + MAX_RANGE.toSeconds() + " seconds.");
        }
        int interval = request.samplingInterval() == null ? DEFAULT_INTERVAL_MILLIS : request.samplingInterval();
        if (interval < MIN_INTERVAL_MILLIS) {
            throw ApiException
                    .invalidArgument("The SamplingInterval must be at least " + MIN_INTERVAL_MILLIS + " ms, not "
                            + interval + ".");
        }
        ImageSpec spec = ImageSpec.of(request.format(), request.formatConfig(), request.widthPixels(),
                request.heightPixels());
        TimeKind kind = request.imageSelectorType().equals("SERVER_TIMESTAMP") ? TimeKind.SERVER : TimeKind.PRODUCER;

        long samples = Duration.between(start, end).toMillis() / interval + 1;
        String listing = "GetImages " + stream.arn() + " " + kind + " " + start.toEpochMilli() + " "
                + end.toEpochMilli() + " "
                + interval + " " + spec;
        long first = firstSample(listing, request.nextToken(), samples);
        long pageSize = Math.min(MAX_PAGE, request.maxResults() == null ? MAX_PAGE : request.maxResults());
        long last = Math.min(samples, first + pageSize); // exclusive
        List<Instant> times = new ArrayList<>();
        for (long i = first; i < last; i++) {
            times.add(start.plusMillis(i * interval));
        }
        List<Image> page = images(stream, kind, times, spec);
        return new GetImagesResponse(page, last < samples ? PageTokens.encode(listing, Long.toString(last)) : null);
    }

    private static long firstSample(String listing, String token, long samples) {
        String resume = PageTokens.decode(listing, token);
        if (resume == null) {
            return 0;
        }
        try {
            long index = Long.parseLong(resume);
            if (index > 0 && index < samples) {
                return index;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.invalidArgument("The NextToken " + token + " was not issued by this operation.");
    }

    /** The image of each time, in order: the frames each fragment shows at those times, each made once. */
    private List<Image> images(Stream stream, TimeKind kind, List<Instant> times, ImageSpec spec) {
        List<Fragment> candidates = fragments.inRange(stream.arn(), kind, times.getFirst().minus(LONGEST_FRAGMENT),
                times.getLast(), null, null, MAX_FRAGMENTS_LOOKED_AT);
        Map<Instant, Fragment> covering = new HashMap<>();
        Map<Fragment, SortedSet<Integer>> wanted = new LinkedHashMap<>();
        Map<Instant, Integer> frameOf = new HashMap<>();
        Map<Instant, String> unusable = new HashMap<>();
        for (Instant time : times) {
            Fragment fragment = covering(candidates, kind, time);
            if (fragment == null) {
                continue;
            }
            FrameTimes frames;
            try {
                frames = images.times(fragment);
            } catch (UncheckedIOException gone) {
                continue; // deleted by retention since it was listed: no media there any more
            }
            covering.put(time, fragment);
            if (frames.unusable() != null) {
                unusable.put(time, frames.unusable());
                continue;
            }
            int frame = frames.frameAt(producerNanos(fragment, kind, time));
            frameOf.put(time, frame);
            wanted.computeIfAbsent(fragment, f -> new TreeSet<>()).add(frame);
        }
        Map<Fragment, Map<Integer, FrameImage>> made = new HashMap<>();
        wanted.forEach((fragment, frames) -> {
            try {
                made.put(fragment, images.images(fragment, frames, spec));
            } catch (UncheckedIOException gone) {
                covering.values().removeIf(fragment::equals); // deleted meanwhile: its times have no media now
            }
        });
        List<Image> page = new ArrayList<>(times.size());
        for (Instant time : times) {
            Fragment fragment = covering.get(time);
            if (fragment == null) {
                page.add(new Image(time, "NO_MEDIA", null));
            } else if (unusable.containsKey(time)) {
                page.add(new Image(time, "MEDIA_ERROR", null));
            } else {
                FrameImage image = made.get(fragment).get(frameOf.get(time));
                page.add(image.image() != null
                        ? new Image(time, null, Base64.getEncoder().encodeToString(image.image()))
                        : new Image(time, "MEDIA_ERROR", null));
            }
        }
        return page;
    }

    /** The fragment whose span holds {@code time}: the latest to start at or before it, if it lasts past it. */
    private static Fragment covering(List<Fragment> candidates, TimeKind kind, Instant time) {
        Fragment found = null;
        for (Fragment fragment : candidates) {
            Instant begins = start(fragment, kind);
            if (!begins.isAfter(time) && (found == null || !begins.isBefore(start(found, kind)))) {
                found = fragment;
            }
        }
        if (found == null) {
            return null;
        }
        Instant ends = start(found, kind).plusMillis(found.durationMillis());
        return ends.isAfter(time) || start(found, kind).equals(time) ? found : null;
    }

    private static Instant start(Fragment fragment, TimeKind kind) {
        return kind == TimeKind.SERVER ? fragment.serverTimestamp() : fragment.producerTimestamp();
    }

    /** The producer time (epoch nanoseconds, the frames' time line) of a sample time. */
    private static long producerNanos(Fragment fragment, TimeKind kind, Instant time) {
        Instant producer = kind == TimeKind.SERVER
                ? fragment.producerTimestamp().plus(Duration.between(fragment.serverTimestamp(), time))
                : time;
        return producer.getEpochSecond() * 1_000_000_000L + producer.getNano();
    }
}
