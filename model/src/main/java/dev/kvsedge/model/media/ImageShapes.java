package dev.kvsedge.model.media;

import dev.kvsedge.model.streams.StreamShapes.StreamReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Request and response shapes of GetImages (kinesis-video-archived-media), as in the AWS model. Absent members are null. */
public final class ImageShapes {
    private ImageShapes() {}

    public record GetImagesRequest(@Nullable String streamName, @Nullable String streamARN, String imageSelectorType,
            Instant startTimestamp, Instant endTimestamp, @Nullable Integer samplingInterval, String format,
            @Nullable Map<String, String> formatConfig, @Nullable Integer widthPixels, @Nullable Integer heightPixels,
            @Nullable Long maxResults, @Nullable String nextToken) implements StreamReference {}

    /** One sample time's image: its content (base64, as the model's string), or the error NO_MEDIA or MEDIA_ERROR. */
    public record Image(Instant timeStamp, String error, String imageContent) {
        @Override
        public String toString() {
            return "Image[" + timeStamp + ", " + (error != null ? error : imageContent.length() + " base64 characters")
                    + "]";
        }
    }

    public record GetImagesResponse(List<Image> images, String nextToken) {}
}
