/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.media.ts;

import org.jspecify.annotations.NullMarked;
