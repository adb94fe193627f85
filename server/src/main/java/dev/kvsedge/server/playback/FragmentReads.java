package dev.kvsedge.server.playback;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.PageTokens;
import dev.kvsedge.model.media.MediaShapes.FragmentInfo;
import dev.kvsedge.model.media.MediaShapes.FragmentSelector;
import dev.kvsedge.model.media.MediaShapes.GetMediaForFragmentListRequest;
import dev.kvsedge.model.media.MediaShapes.ListFragmentsRequest;
import dev.kvsedge.model.media.MediaShapes.ListFragmentsResponse;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.fragments.FragmentStore.TimeKind;
import dev.kvsedge.server.http.MediaOutput;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** ListFragments and GetMediaForFragmentList. */
public final class FragmentReads {
    static final String MKV = "video/webm";
    private static final int DEFAULT_MAX_RESULTS = 100;
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final StreamService streams;
    private final FragmentStore fragments;
    private final StoredFragments stored;

    FragmentReads(StreamService streams, FragmentStore fragments, StoredFragments stored) {
        this.streams = streams;
        this.fragments = fragments;
        this.stored = stored;
    }

    public ListFragmentsResponse list(Scope scope, ListFragmentsRequest request) {
        Stream stream = streams.requireStream(scope, request);
        FragmentSelector selector = request.fragmentSelector();
        TimeKind kind = selector == null || selector.fragmentSelectorType().equals("SERVER_TIMESTAMP")
                ? TimeKind.SERVER
                : TimeKind.PRODUCER;
        // ListFragments' TimestampRange and both its timestamps are required members: validation saw them.
        Instant from = selector == null ? EARLIEST : Objects.requireNonNull(selector.timestampRange().startTimestamp());
        Instant to = selector == null ? LATEST : Objects.requireNonNull(selector.timestampRange().endTimestamp());
        if (to.isBefore(from)) {
            throw ApiException.invalidArgument("The TimestampRange's EndTimestamp is before its StartTimestamp.");
        }
        // The token is bound to the listing it continues: the stream and the selector.
        String listing = "ListFragments " + stream.arn() + " " + kind + " " + from.toEpochMilli() + " "
                + to.toEpochMilli();
        String resume = PageTokens.decode(listing, request.nextToken());
        Instant afterTime = null;
        Long afterNumber = null;
        if (resume != null) {
            // Tokens are not signed: one forged with the right prefix must still be refused, not fail the request.
            String[] parts = resume.split(" ");
            try {
                afterTime = Instant.ofEpochMilli(Long.parseLong(parts[0]));
                afterNumber = parts.length == 2 ? Long.parseLong(parts[1]) : null;
            } catch (NumberFormatException e) {
                afterNumber = null;
            }
            if (afterNumber == null) {
                throw ApiException
                        .invalidArgument("The NextToken " + request.nextToken() + " was not issued by this operation.");
            }
        }
        int limit = request.maxResults() == null ? DEFAULT_MAX_RESULTS : Math.toIntExact(request.maxResults()); // the model caps it at 1000
        List<Fragment> page = fragments.inRange(stream.arn(), kind, from, to, afterTime, afterNumber, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Fragment last = page.getLast();
            Instant lastTime = kind == TimeKind.SERVER ? last.serverTimestamp() : last.producerTimestamp();
            next = PageTokens.encode(listing, lastTime.toEpochMilli() + " " + last.number());
        }
        List<FragmentInfo> infos = new ArrayList<>(page.size());
        for (Fragment f : page) {
            infos.add(new FragmentInfo(f.numberText(), f.mediaSize(), f.producerTimestamp(), f.serverTimestamp(),
                    f.durationMillis()));
        }
        return new ListFragmentsResponse(infos, next);
    }

    public MediaOutput mediaForFragmentList(Scope scope, GetMediaForFragmentListRequest request) {
        Stream stream = streams.requireStream(scope, request);
        List<Long> numbers = new ArrayList<>(request.fragments().size());
        for (String number : request.fragments()) {
            numbers.add(FragmentNumberText.parse(number));
        }
        List<Fragment> found = fragments.byNumbers(stream.arn(), numbers);
        if (found.size() < numbers.size()) {
            List<Long> missing = new ArrayList<>(numbers);
            found.forEach(f -> missing.remove((Long) f.number()));
            throw ApiException.notFound("No fragment " + missing.getFirst() + " in the stream " + stream.key().name()
                    + " (it may have passed the stream's retention).");
        }
        return new MediaOutput(MKV, out -> {
            OutputStream buffered = new BufferedOutputStream(out, 64 << 10);
            for (Fragment f : found) {
                stored.writeMkv(f, StoredFragments.fragmentTags(f), Map.of(), buffered);
            }
            buffered.flush();
        });
    }
}
