package com.example.catalog;

import java.util.List;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.StreamInfo;

/** The code under test: the site's camera streams, named {@code site/camera}. */
@Service
public class StreamCatalog {
    private final KinesisVideoClient kinesisVideo;

    public StreamCatalog(KinesisVideoClient kinesisVideo) {
        this.kinesisVideo = kinesisVideo;
    }

    public void addCamera(String site, String camera) {
        kinesisVideo.createStream(r -> r.streamName(site + "-" + camera).deviceName(camera).dataRetentionInHours(72));
    }

    /** The cameras of one site, in name order. */
    public List<String> cameras(String site) {
        return kinesisVideo.listStreamsPaginator(r -> r.streamNameCondition(c -> c.comparisonOperator("BEGINS_WITH")
                        .comparisonValue(site + "-")))
                .streamInfoList().stream().map(StreamInfo::deviceName).sorted().toList();
    }
}
