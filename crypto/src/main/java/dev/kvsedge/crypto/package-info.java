/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.crypto;

import org.jspecify.annotations.NullMarked;
