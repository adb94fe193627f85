/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.model.sigv4;

import org.jspecify.annotations.NullMarked;
