package dev.kvsedge.it;

import com.amazonaws.kinesisvideo.parser.ebml.EBMLTypeInfo;
import com.amazonaws.kinesisvideo.parser.ebml.InputStreamParserByteSource;
import com.amazonaws.kinesisvideo.parser.ebml.MkvTypeInfos;
import com.amazonaws.kinesisvideo.parser.mkv.MkvElement;
import com.amazonaws.kinesisvideo.parser.mkv.MkvElementVisitException;
import com.amazonaws.kinesisvideo.parser.mkv.MkvEndMasterElement;
import com.amazonaws.kinesisvideo.parser.mkv.StreamingMkvReader;
import com.amazonaws.kinesisvideo.parser.utilities.FragmentMetadata;
import com.amazonaws.kinesisvideo.parser.utilities.FragmentMetadataVisitor;
import com.amazonaws.kinesisvideo.parser.utilities.MkvTrackMetadata;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads GetMedia output with AWS's own Kinesis Video parser library ({@code StreamingMkvReader} and
 * {@code FragmentMetadataVisitor}), the way KVS consumers do: an independent judge of the fragment tags the server
 * writes.
 */
final class KvsParser {
    private KvsParser() {}

    /**
     * One fragment as the library saw it.
     *
     * @param blocks SimpleBlocks in its cluster
     */
    record Parsed(FragmentMetadata metadata, String continuationToken, long millisBehindNow, MkvTrackMetadata track,
            int blocks) {
        String number() {
            return metadata.getFragmentNumberString();
        }
    }

    /** Reads until {@code count} fragments are complete (tags, cluster, then the continuation token and lag). */
    static List<Parsed> read(InputStream in, int count) throws MkvElementVisitException {
        List<Parsed> fragments = new ArrayList<>();
        read(in, count, fragments);
        return fragments;
    }

    /** Reads into {@code fragments}, one at a time as each is complete, until there are {@code count}. */
    static void read(InputStream in, int count, List<Parsed> fragments) throws MkvElementVisitException {
        StreamingMkvReader reader = StreamingMkvReader.createDefault(new InputStreamParserByteSource(in));
        FragmentMetadataVisitor visitor = FragmentMetadataVisitor.create();
        FragmentMetadata last = null;
        int blocks = 0;
        while (fragments.size() < count && reader.mightHaveNext()) {
            Optional<MkvElement> next = reader.nextIfAvailable();
            if (next.isEmpty()) {
                continue;
            }
            MkvElement element = next.get();
            element.accept(visitor);
            EBMLTypeInfo type = element.getElementMetaData().getTypeInfo();
            if (type.equals(MkvTypeInfos.CLUSTER) && !(element instanceof MkvEndMasterElement)) {
                blocks = 0;
            } else if (type.equals(MkvTypeInfos.SIMPLEBLOCK)) {
                blocks++;
            } else if (type.equals(MkvTypeInfos.TAGS) && element instanceof MkvEndMasterElement) {
                Optional<FragmentMetadata> current = visitor.getCurrentFragmentMetadata();
                if (current.isPresent() && current.get() != last && current.get().isCompleteFragment()) {
                    last = current.get();
                    fragments.add(new Parsed(last, last.getContinuationToken().orElseThrow(),
                            last.getMillisBehindNow().orElseThrow(), visitor.getMkvTrackMetadata(1), blocks));
                }
            }
        }
    }
}
