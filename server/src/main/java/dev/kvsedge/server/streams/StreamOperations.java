package dev.kvsedge.server.streams;

import static dev.kvsedge.model.streams.StreamShapes.*;

import dev.kvsedge.server.http.Operations;
import java.util.function.Supplier;

/** The wire side of the stream operations: each kinesisvideo operation name to one {@link StreamService} method. */
public final class StreamOperations {
    private StreamOperations() {}

    public static void register(Operations operations, StreamService streams, Supplier<String> dataEndpoint) {
        operations
                .add("CreateStream", CreateStreamRequest.class, streams::create)
                .addQuickRead("DescribeStream", DescribeStreamRequest.class, streams::describe)
                .add("ListStreams", ListStreamsRequest.class, streams::list)
                .addVoid("DeleteStream", DeleteStreamRequest.class, streams::delete)
                .addVoid("UpdateStream", UpdateStreamRequest.class, streams::update)
                .addVoid("UpdateDataRetention", UpdateDataRetentionRequest.class, streams::updateDataRetention)
                .addVoid("TagStream", TagStreamRequest.class, streams::tag)
                .addVoid("UntagStream", UntagStreamRequest.class, streams::untag)
                .add("ListTagsForStream", ListTagsForStreamRequest.class, streams::listTags)
                .addVoid("TagResource", TagResourceRequest.class, streams::tagResource)
                .addVoid("UntagResource", UntagResourceRequest.class, streams::untagResource)
                .add("ListTagsForResource", ListTagsForResourceRequest.class, streams::listTagsForResource)
                .addQuickRead("GetDataEndpoint", GetDataEndpointRequest.class, (scope, request) -> {
                    streams.requireStream(scope, request);
                    return new GetDataEndpointResponse(dataEndpoint.get());
                });
    }
}
