package dev.kvsedge.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Checks before a run: makes sure the benchmark stream exists (DescribeStream, and CreateStream when it is
 * not found), and finds out whether the target verifies SigV4 at all by sending one forged request.
 */
final class StreamSetup {
    private StreamSetup() {}

    static void ensureStream(InetSocketAddress address, RequestSigner signer, String streamName, boolean create)
            throws IOException {
        String nameJson = "{\"StreamName\":\"" + streamName + "\"}";
        BlockingExchange.Response described = BlockingExchange.send(address,
                signer.signedPost("/describeStream", nameJson));
        if (described.status() == 200) {
            return;
        }
        if (!create || described.status() != 404) {
            throw new IOException("DescribeStream answered HTTP " + described.status() + ": " + described.body());
        }
        String createJson = "{\"StreamName\":\"" + streamName + "\",\"DataRetentionInHours\":24}";
        BlockingExchange.Response created = BlockingExchange.send(address,
                signer.signedPost("/createStream", createJson));
        if (created.status() != 200) {
            throw new IOException("CreateStream answered HTTP " + created.status() + ": " + created.body());
        }
        BlockingExchange.Response check = BlockingExchange.send(address,
                signer.signedPost("/describeStream", nameJson));
        if (check.status() != 200) {
            throw new IOException(
                    "DescribeStream after CreateStream answered HTTP " + check.status() + ": " + check.body());
        }
        System.out.println("created stream " + streamName);
    }

    /**
     * Sends DescribeStream with one character of its signature changed: a server that verifies SigV4
     * refuses it (403). Returns a line that says what the target did.
     */
    static String probeSignatureCheck(InetSocketAddress address, RequestSigner signer, String streamName)
            throws IOException {
        byte[] request = signer.signedPost("/describeStream", "{\"StreamName\":\"" + streamName + "\"}");
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("Signature=");
        if (at < 0) {
            return "signature check: unknown (no Signature= in the signed request)";
        }
        int c = at + "Signature=".length();
        char forged = text.charAt(c) == '0' ? '1' : '0';
        byte[] tampered = (text.substring(0, c) + forged + text.substring(c + 1)).getBytes(StandardCharsets.ISO_8859_1);
        BlockingExchange.Response response = BlockingExchange.send(address, tampered);
        return response.status() == 403
                ? "signature check: on (a forged signature gets HTTP 403)"
                : "signature check: OFF (a forged signature gets HTTP " + response.status() + ")";
    }
}
