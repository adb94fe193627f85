package dev.kvsedge.server.ingest;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.auth.Caller;
import dev.kvsedge.server.cluster.NoticeListener;
import dev.kvsedge.server.cluster.Notices;
import dev.kvsedge.server.cluster.Topic;
import dev.kvsedge.server.http.ApiRequest;
import dev.kvsedge.server.http.ApiResponse;
import dev.kvsedge.server.http.RawRoute;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * {@code POST /putMedia}: checks the headers and the stream, answers 200 at once, then runs the upload's
 * {@link IngestSession} while acknowledgements go back on the same connection. One upload per stream in the whole
 * cluster: a new connection, on any node, takes the stream with a greater fencing token ({@link UploadLeases}) and the
 * old one ends, as on AWS: at once through an {@link Topic#UPLOAD} notice, and in any case at its next fragment, which
 * the index refuses.
 */
public final class PutMediaRoute implements RawRoute {
    public static final String PATH = "/putMedia";

    private final IngestContext context;
    private final StreamService streams;
    private final BiPredicate<Stream, String> hubMayUpload;
    private final IngestEvents events;
    private final Notices notices;
    private final ConcurrentMap<String, Running> uploads = new ConcurrentHashMap<>();

    /** An upload running on this node, and the token it took its stream with. */
    private record Running(InputStream body, long token) {}

    /** @param hubMayUpload whether an agent of the given hub device may upload to the stream */
    public PutMediaRoute(IngestContext context, StreamService streams, BiPredicate<Stream, String> hubMayUpload,
            IngestEvents events, Notices notices) {
        this.context = context;
        this.streams = streams;
        this.hubMayUpload = hubMayUpload;
        this.events = events;
        this.notices = notices;
        notices.subscribe(Topic.UPLOAD, new NoticeListener() {
            @Override
            public void changed(String key) {
                int space = key.lastIndexOf(' ');
                if (space > 0) {
                    endOlderThan(key.substring(0, space), Long.parseLong(key.substring(space + 1)));
                }
            }

            @Override
            public void catchUp() {
                // Nothing to re-read: an upload that missed its end is fenced off at its next fragment.
            }
        });
    }

    @Override
    public boolean signed() {
        return true;
    }

    @Override
    public boolean agentsAllowed() {
        return true;
    }

    @Override
    public ApiResponse handle(Caller caller, ApiRequest request, String requestId) {
        if (!request.method().equals("POST")) {
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
                    "PutMedia is called with POST, not " + request.method() + ".");
        }
        PutMediaHeaders headers = PutMediaHeaders.parse(request);
        Stream stream = streams.requireStream(new Scope(caller.principal().accountId(), caller.region()), headers);
        String hub = caller.principal().hubDeviceArn();
        if (hub != null && !hubMayUpload.test(stream, hub)) {
            throw new ApiException(ErrorCode.ACCESS_DENIED, "User: " + caller.accessKeyId() + " is not authorized to"
                    + " perform: kinesisvideo:PutMedia on the stream " + stream.key().name() + ": no edge configuration"
                    + " binds it to this hub device.");
        }
        if (stream.dataRetentionInHours() == 0) {
            throw new ApiException(ErrorCode.NO_DATA_RETENTION, "The stream " + stream.key().name() + " keeps no media"
                    + " (its data retention is 0 hours), so kvs-edge does not ingest any: raise it with UpdateDataRetention.");
        }
        if (!context.disk().hasRoomForMedia()) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                    "kvs-edge's data disk is full: no media is accepted until"
                            + " space is freed (delete streams or lower their retention). Retry later.");
        }
        OptionalLong token = context.leases().take(stream.arn());
        if (token.isEmpty()) { // deleted since it was read
            throw ApiException.notFound("The requested stream is not found or not active.");
        }
        notices.publish(Topic.UPLOAD, stream.arn() + " " + token.getAsLong());
        InputStream body = request.bodyStream() == null ? InputStream.nullInputStream() : request.bodyStream();
        Running running = new Running(body, token.getAsLong());
        return ApiResponse.streaming(200, Map.of("Content-Type", "application/json", "x-amzn-RequestId", requestId),
                out -> {
                    Upload logged = events.started(stream.key().name(), stream.arn(), caller.accessKeyId());
                    try {
                        upload(stream.arn(), running, headers.mode(), logged.counting(body), out, logged);
                    } finally {
                        logged.end();
                    }
                });
    }

    /**
     * @param counted the upload's body as the session reads it; the body itself is what a replacing upload closes
     * @param tally sees every acknowledgement, as the upload's activity
     */
    private void upload(String streamArn, Running upload, TimecodeMode mode, InputStream counted, OutputStream out,
            Consumer<Ack> tally) throws IOException {
        InputStream body = upload.body();
        // The newest upload stays and the other ends: two on this node at once, or a notice that came first.
        InputStream[] ended = {null};
        Running kept = uploads.compute(streamArn, (arn, running) -> {
            if (running != null && running.token() > upload.token()) {
                ended[0] = body;
                return running;
            }
            ended[0] = running == null ? null : running.body();
            return upload;
        });
        if (ended[0] != null) {
            ended[0].close();
        }
        if (kept != upload) {
            return;
        }
        ActivityInputStream arriving = new ActivityInputStream(counted);
        AckWriter acks = new AckWriter(out, tally.andThen(ack -> {
            if (ack.eventType().equals("RECEIVED")) {
                arriving.progressed();
            }
        }));
        Thread ticker = Thread.ofVirtual().name("putmedia-idle").start(() -> tickWhileIdle(arriving, acks));
        try {
            // Not buffered: the body already arrives in chunks, and a buffer here would copy every byte once more.
            new IngestSession(context, streamArn, upload.token(), mode, acks).run(arriving);
        } finally {
            ticker.interrupt();
            uploads.remove(streamArn, upload);
        }
    }

    /** Ends this node's upload to the stream if an upload with a greater token took the stream. */
    private void endOlderThan(String streamArn, long token) {
        uploads.computeIfPresent(streamArn, (arn, running) -> {
            if (running.token() >= token) {
                return running;
            }
            try {
                running.body().close();
            } catch (IOException e) {
                // it is ending anyway
            }
            return null;
        });
    }

    /**
     * Sends IDLE while no data arrives, and ends the upload once it has made no progress for the idle timeout: the
     * session then sends its ERROR acknowledgement (after those of the fragments still being committed) before the
     * response ends.
     */
    private void tickWhileIdle(ActivityInputStream arriving, AckWriter acks) {
        long ackNanos = context.limits().idleAck().toNanos();
        long lastIdleAck = 0;
        try {
            while (true) {
                Thread.sleep(Math.max(10, context.limits().idleAck().toMillis() / 4));
                if (arriving.idleNanos() >= context.limits().idleTimeout().toNanos()) {
                    arriving.timeOut();
                    return;
                }
                if (arriving.silentNanos() >= ackNanos && System.nanoTime() - lastIdleAck >= ackNanos) {
                    acks.send(Ack.idle());
                    lastIdleAck = System.nanoTime();
                }
            }
        } catch (InterruptedException | IOException e) {
            // the upload ended
        }
    }
}
