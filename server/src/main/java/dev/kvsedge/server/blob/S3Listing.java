package dev.kvsedge.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** ListObjectsV2, a page at a time: the query of a page, and what its XML answer lists. */
final class S3Listing {
    private static final int PAGE = 1000;

    private S3Listing() {}

    /** One listed object. */
    record Entry(String objectKey, Instant lastModified) {}

    /** A page of objects and the token of the next page, null after the last. */
    record Page(List<Entry> entries, String nextToken) {}

    /** The query of the page after {@code token} (null: the first), parameters in canonical (sorted) order. */
    static String query(String prefix, String token) {
        return (token == null ? "" : "continuation-token=" + encode(token) + "&") + "list-type=2&max-keys=" + PAGE
                + (prefix.isEmpty() ? "" : "&prefix=" + encode(prefix));
    }

    static Page parse(InputStream xml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            doc = factory.newDocumentBuilder().parse(xml);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("S3 answered a listing that is not XML: " + e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>();
        NodeList contents = doc.getElementsByTagNameNS("*", "Contents");
        for (int i = 0; i < contents.getLength(); i++) {
            Element object = (Element) contents.item(i);
            try {
                entries.add(new Entry(text(object, "Key"), Instant.parse(text(object, "LastModified"))));
            } catch (DateTimeParseException | NullPointerException e) {
                throw new IOException("S3 listed an object without a key or time: " + e.getMessage(), e);
            }
        }
        boolean truncated = "true".equals(text(doc.getDocumentElement(), "IsTruncated"));
        String next = text(doc.getDocumentElement(), "NextContinuationToken");
        return new Page(entries, truncated ? next : null);
    }

    private static String text(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS("*", name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    /** RFC 3986 encoding, as SigV4 canonical queries have it. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E",
                "~");
    }
}
