/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.media.h264;

import org.jspecify.annotations.NullMarked;
