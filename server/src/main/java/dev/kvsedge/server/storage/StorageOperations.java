package dev.kvsedge.server.storage;

import static dev.kvsedge.model.streams.StreamConfigShapes.*;

import dev.kvsedge.server.http.Operations;

/** The wire side of the storage operations: each kinesisvideo operation name to one {@link StorageService} method. */
public final class StorageOperations {
    private StorageOperations() {}

    public static void register(Operations operations, StorageService storage) {
        operations
                .add("DescribeStreamStorageConfiguration", DescribeStreamStorageConfigurationRequest.class,
                        storage::describeStreamStorage)
                .addVoid("UpdateStreamStorageConfiguration", UpdateStreamStorageConfigurationRequest.class,
                        storage::updateStreamStorage)
                .add("DescribeMappedResourceConfiguration", DescribeMappedResourceConfigurationRequest.class,
                        storage::describeMappedResources)
                .add("DescribeMediaStorageConfiguration", DescribeMediaStorageConfigurationRequest.class,
                        storage::describeMediaStorage)
                .add("UpdateMediaStorageConfiguration", UpdateMediaStorageConfigurationRequest.class,
                        storage::updateMediaStorage);
    }
}
