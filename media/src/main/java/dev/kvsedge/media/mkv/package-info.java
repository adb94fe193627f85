/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.media.mkv;

import org.jspecify.annotations.NullMarked;
