package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Walks an HLS session as a player does: master playlist, media playlist, then the init and media segments. */
final class HlsFetch {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HlsFetch() {}

    static String text(URI url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url.getPath() + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    static byte[] bytes(URI url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(url.getPath()).isEqualTo(200);
        return response.body();
    }

    /** The URIs a playlist lists (lines that are not tags), and EXT-X-MAP's, resolved against the playlist. */
    static List<URI> uris(URI playlist, String m3u8) {
        List<URI> out = new ArrayList<>();
        for (String line : m3u8.split("\n")) {
            if (line.startsWith("#EXT-X-MAP:URI=\"")) {
                out.add(playlist.resolve(line.substring(16, line.length() - 1)));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                out.add(playlist.resolve(line));
            }
        }
        return out;
    }

    /** The init segment (if any) and every media segment of the first variant, concatenated. */
    static byte[] concatenate(URI master) throws Exception {
        URI mediaPlaylist = uris(master, text(master)).getFirst();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (URI segment : uris(mediaPlaylist, text(mediaPlaylist))) {
            joined.write(bytes(segment));
        }
        return joined.toByteArray();
    }
}
