/** Null only where a type says @Nullable (NullAway checks it). */
@NullMarked
package dev.kvsedge.model.shape;

import org.jspecify.annotations.NullMarked;
