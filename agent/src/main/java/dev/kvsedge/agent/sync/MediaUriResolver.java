package dev.kvsedge.agent.sync;

import java.io.IOException;
import java.net.URI;

/** Finds the camera URI a MediaSourceConfig names through its MediaUriSecretArn. */
@FunctionalInterface
public interface MediaUriResolver {

    /**
     * @throws ApiCallException the server refused (a permanent one, e.g. no such secret, is the user's error)
     * @throws IOException the server could not be reached: try again later
     * @throws IllegalArgumentException the secret holds no usable URI of that type (the user's error)
     */
    URI resolve(String secretArn, String mediaUriType) throws IOException, InterruptedException, ApiCallException;
}
