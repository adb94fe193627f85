package dev.kvsedge.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a server or an edge agent cannot start, worded for the person who configured it: the setting at fault as the
 * command line spells it ({@code --port}, {@code --database}, {@code KVS_EDGE_MASTER_KEY}), its value as shown to
 * them (never a secret: URLs without their query), and the root cause. The message is {@code SETTING VALUE: REASON}.
 */
public final class StartupException extends RuntimeException {

    /** Whether changing the setting is the fix, or a later start may work as it is. */
    public enum Kind {
        /** The setting cannot work as written (a malformed value, a refused password, a folder that cannot be made). */
        CONFIGURATION,
        /** What the setting names cannot be used now (a port taken, a database or bucket that does not answer). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String setting;

    public StartupException(Kind kind, String setting, @Nullable String value, String reason,
            @Nullable Throwable cause) {
        super(setting + (value == null || value.isEmpty() ? "" : " " + value) + ": " + reason, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.setting = Objects.requireNonNull(setting, "setting");
    }

    public static StartupException configuration(String setting, @Nullable String value, String reason) {
        return new StartupException(Kind.CONFIGURATION, setting, value, reason, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The option or environment variable at fault, for example {@code --port}. */
    public String setting() {
        return setting;
    }
}
