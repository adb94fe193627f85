package dev.kvsedge.server.playback;

import dev.kvsedge.model.ApiException;
import org.jspecify.annotations.Nullable;

/** Fragment numbers as clients send them: decimal strings (the model allows up to 128 digits). */
final class FragmentNumberText {
    private FragmentNumberText() {}

    static long parse(@Nullable String text) {
        if (text == null || text.isEmpty() || text.length() > 19 || !text.chars().allMatch(Character::isDigit)) {
            throw ApiException.invalidArgument("The fragment number " + text + " is not one this stream issued.");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.invalidArgument("The fragment number " + text + " is not one this stream issued.");
        }
    }
}
