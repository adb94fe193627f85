package dev.kvsedge.server.storage;

import static dev.kvsedge.model.streams.StreamConfigShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.Arns;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.PageTokens;
import dev.kvsedge.model.streams.StreamShapes.StreamStorageConfiguration;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.util.List;

/**
 * Where a stream's media is kept, as the storage operations describe it: the default storage tier (kept and shown;
 * kvs-edge stores every tier the same way), and the signaling-channel side (media storage configurations and the
 * resources mapped to a stream). kvs-edge has no signaling channels, so a stream is mapped to none and every channel
 * is one AWS could not find.
 */
public final class StorageService {
    private final StreamService streams;

    public StorageService(StreamService streams) {
        this.streams = streams;
    }

    public DescribeStreamStorageConfigurationResponse describeStreamStorage(Scope scope,
            DescribeStreamStorageConfigurationRequest request) {
        Stream stream = streams.requireStream(scope, request);
        return new DescribeStreamStorageConfigurationResponse(stream.key().name(), stream.arn(),
                new StreamStorageConfiguration(stream.storageTier()));
    }

    public void updateStreamStorage(Scope scope, UpdateStreamStorageConfigurationRequest request) {
        streams.updateStorageTier(scope, request, request.currentVersion(),
                request.streamStorageConfiguration().defaultStorageTier());
    }

    /** The signaling channels mapped to a stream: none, on a server without channels; the token is checked all the same. */
    public DescribeMappedResourceConfigurationResponse describeMappedResources(Scope scope,
            DescribeMappedResourceConfigurationRequest request) {
        Stream stream = streams.requireStream(scope, request);
        PageTokens.decode("DescribeMappedResourceConfiguration " + stream.arn(), request.nextToken());
        return new DescribeMappedResourceConfigurationResponse(List.of(), null);
    }

    public Object describeMediaStorage(Scope scope, DescribeMediaStorageConfigurationRequest request) {
        if ((request.channelName() == null) == (request.channelARN() == null)) {
            throw ApiException.invalidArgument("Specify either the ChannelName or the ChannelARN, but not both.");
        }
        if (request.channelARN() != null) {
            requireChannelArn(request.channelARN());
        }
        throw channelNotFound();
    }

    public Object updateMediaStorage(Scope scope, UpdateMediaStorageConfigurationRequest request) {
        requireChannelArn(request.channelARN());
        throw channelNotFound();
    }

    private static void requireChannelArn(String arn) {
        if (Arns.parse(arn).isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_RESOURCE_FORMAT, "The format of the ARN " + arn + " is invalid.");
        }
    }

    private static ApiException channelNotFound() {
        return ApiException
                .notFound("The requested channel is not found or not active: kvs-edge has no signaling channels.");
    }
}
