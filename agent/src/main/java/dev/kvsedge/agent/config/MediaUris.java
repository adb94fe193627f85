package dev.kvsedge.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Reads the camera URI out of a MediaUriSecretArn secret's value. As AWS's tutorial and kvs-edge's README write
 * it, the SecretString is JSON holding {@code MediaURI}; a SecretString that is just the URI is accepted too.
 * Error messages never quote the value: it holds the camera's password.
 */
public final class MediaUris {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MediaUris() {}

    /**
     * @param mediaUriType RTSP_URI or FILE_URI, as the MediaSourceConfig says
     * @throws IllegalArgumentException when the value holds no usable URI of that type (a user error)
     */
    public static URI fromSecretString(String secretString, String mediaUriType) {
        if (secretString == null || secretString.isBlank()) {
            throw new IllegalArgumentException("The camera secret has no SecretString holding the media URI.");
        }
        String text = secretString.strip();
        if (text.startsWith("{")) {
            text = mediaUriField(text);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The camera secret's MediaURI is not a valid URI.");
        }
        checkScheme(uri, mediaUriType);
        return uri;
    }

    private static String mediaUriField(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("The camera secret's SecretString is neither JSON nor a URI.");
        }
        JsonNode value = node.get("MediaURI");
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("The camera secret's JSON has no MediaURI string.");
        }
        return value.asText().strip();
    }

    private static void checkScheme(URI uri, String mediaUriType) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean fits = switch (mediaUriType == null ? "RTSP_URI" : mediaUriType) {
            case "RTSP_URI" -> scheme.equals("rtsp") || scheme.equals("rtsps");
            case "FILE_URI" -> scheme.equals("file");
            default -> false;
        };
        if (!fits) {
            throw new IllegalArgumentException("The camera secret's MediaURI has the scheme '" + scheme
                    + "', which does not fit the MediaUriType " + mediaUriType + ".");
        }
    }
}
